package dev.tfsdeploy.cluster.gke;

import com.google.api.gax.core.FixedCredentialsProvider;
import com.google.api.gax.retrying.RetrySettings;
import com.google.api.gax.rpc.ApiException;
import com.google.api.gax.rpc.FixedHeaderProvider;
import com.google.api.gax.rpc.NotFoundException;
import com.google.api.gax.rpc.PermissionDeniedException;
import com.google.api.gax.rpc.StatusCode;
import com.google.api.gax.rpc.UnaryCallSettings;
import com.google.api.gax.rpc.UnauthenticatedException;
import com.google.cloud.container.v1.ClusterManagerClient;
import com.google.cloud.container.v1.ClusterManagerSettings;
import com.google.container.v1.Cluster;
import dev.tfsdeploy.UserError;
import dev.tfsdeploy.gcp.GoogleAccess;
import dev.tfsdeploy.net.NetworkFailures;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The GKE v1 API through Google's own client, over HTTP/JSON (the transport gcloud uses, and the
 * only one an endpoint override can point at a plain-HTTP server). Failures become {@link
 * UserError}s that say what is missing.
 */
public final class GkeApi implements AutoCloseable {
  /** gcloud's override of the GKE API's base URL, e.g. {@code http://127.0.0.1:8080/}. */
  public static final String ENDPOINT_OVERRIDE_ENV = "CLOUDSDK_API_ENDPOINT_OVERRIDES_CONTAINER";

  /** The role that grants {@code container.clusters.get} and nothing that changes a cluster. */
  public static final String VIEWER_ROLE = "roles/container.clusterViewer";

  private static final Pattern REQUIRED_PERMISSION =
      Pattern.compile("Required \"([a-z.]+)\" permission");

  private final ClusterManagerClient client;
  private final String endpoint;
  private final String principal;

  private GkeApi(ClusterManagerClient client, String endpoint, String principal) {
    this.client = client;
    this.endpoint = endpoint;
    this.principal = principal;
  }

  /**
   * Connects with the given credentials.
   *
   * @param endpointOverride a base URL like gcloud's {@value #ENDPOINT_OVERRIDE_ENV}, if any
   * @param timeout how long one call may take, retries of an unreachable API included
   */
  public static GkeApi connect(
      GoogleAccess access, Optional<String> endpointOverride, Duration timeout, String userAgent) {
    String endpoint =
        endpointOverride
            .map(url -> url.replaceAll("/+$", ""))
            .orElse(
                "https://" + ClusterManagerSettings.getDefaultEndpoint().replaceFirst(":443$", ""));
    try {
      ClusterManagerSettings.Builder settings =
          ClusterManagerSettings.newHttpJsonBuilder()
              .setEndpoint(endpoint)
              .setCredentialsProvider(FixedCredentialsProvider.create(access.credentials()))
              .setHeaderProvider(FixedHeaderProvider.create("user-agent", userAgent));
      limit(settings.getClusterSettings(), timeout);
      limit(settings.listClustersSettings(), timeout);
      return new GkeApi(
          ClusterManagerClient.create(settings.build()), endpoint, access.principal());
    } catch (IOException e) {
      throw new UserError(
          "cannot set up the GKE API client for " + endpoint + ": " + e.getMessage(),
          "check " + ENDPOINT_OVERRIDE_ENV + " if it is set",
          e);
    }
  }

  /** The base URL of the API this client talks to. */
  public String endpoint() {
    return endpoint;
  }

  /**
   * The cluster, or a user error saying why it cannot be read (listing the clusters there if it is
   * missing).
   */
  public Cluster getCluster(ClusterId id) {
    try {
      return client.getCluster(id.resourceName());
    } catch (NotFoundException e) {
      throw notFound(id, e);
    } catch (ApiException e) {
      throw translate(id.resourceName(), id.project(), e);
    }
  }

  /** The names of the clusters in a project and location ({@code -} for all locations). */
  public List<String> clusterNames(String project, String location) {
    String parent = "projects/" + project + "/locations/" + location;
    try {
      return client.listClusters(parent).getClustersList().stream()
          .map(Cluster::getName)
          .sorted()
          .toList();
    } catch (ApiException e) {
      throw translate(parent, project, e);
    }
  }

  private UserError notFound(ClusterId id, NotFoundException e) {
    String known;
    try {
      List<String> names = clusterNames(id.project(), id.location());
      known =
          names.isEmpty()
              ? "there are no clusters in that project and location"
              : "clusters there: " + String.join(", ", names);
    } catch (UserError listing) {
      known = "and the clusters there cannot be listed: " + listing.getMessage();
    }
    return new UserError(
        "cluster \""
            + id.name()
            + "\" not found in project "
            + id.project()
            + ", location "
            + id.location()
            + "; "
            + known,
        "check --cluster, --location and --project (GKE_CLUSTER_NAME, GKE_ZONE, GCP_PROJECT_ID)",
        e);
  }

  private UserError translate(String resource, String project, ApiException e) {
    String message = googleMessage(e);
    if (e instanceof PermissionDeniedException) {
      if (message.contains("has not been used") || message.contains("is disabled")) {
        return new UserError(
            "the Kubernetes Engine API is not enabled in project " + project + ": " + message,
            "enable container.googleapis.com in that project",
            e);
      }
      Matcher permission = REQUIRED_PERMISSION.matcher(message);
      String missing = permission.find() ? permission.group(1) : "container.clusters.get";
      return new UserError(
          "permission denied: " + principal + " lacks " + missing + " on " + resource,
          "grant it " + VIEWER_ROLE + " (or a role with " + missing + ") in project " + project,
          e);
    }
    if (e instanceof UnauthenticatedException) {
      return new UserError(
          "the GKE API rejected the access token of " + principal + ": " + message,
          "check the credentials (a deleted key or a disabled service account is refused)",
          e);
    }
    StatusCode.Code code = e.getStatusCode().getCode();
    if (code == StatusCode.Code.UNAVAILABLE
        || code == StatusCode.Code.DEADLINE_EXCEEDED
        || NetworkFailures.isUnreachable(e)) {
      return new UserError(
          "the GKE API at " + endpoint + " is unreachable: " + message,
          "check this machine's network access to it (and " + ENDPOINT_OVERRIDE_ENV + " if set)",
          e);
    }
    return new UserError(
        "the GKE API failed on " + resource + ": " + code + " " + message, null, e);
  }

  private static <Q, R> void limit(UnaryCallSettings.Builder<Q, R> call, Duration timeout) {
    RetrySettings retry = call.getRetrySettings();
    call.setRetrySettings(
        retry.toBuilder()
            .setTotalTimeoutDuration(timeout)
            .setMaxRpcTimeoutDuration(timeout)
            .setInitialRpcTimeoutDuration(timeout)
            .build());
  }

  @Override
  public void close() {
    client.shutdown();
    try {
      client.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Google's error message (gax puts it in the cause), on one line. */
  private static String googleMessage(ApiException e) {
    Throwable source = e.getCause() != null && e.getCause().getMessage() != null ? e.getCause() : e;
    String message =
        source.getMessage() == null ? "" : source.getMessage().replaceAll("\\s+", " ").trim();
    return message.isEmpty() ? e.getStatusCode().getCode().toString() : message;
  }
}
