package dev.tfsdeploy.gcp;

import com.google.auth.http.HttpTransportFactory;
import com.google.auth.oauth2.ComputeEngineCredentials;
import dev.tfsdeploy.UserError;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Function;
import java.util.function.Supplier;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * The metadata server of the Compute Engine VM or GKE node this runs on (a self-hosted runner
 * there): ADC's last resort, giving tokens for the VM's service account, or with GKE Workload
 * Identity for the Google service account bound to the runner pod's Kubernetes service account.
 *
 * <p>Used only where it is known to exist, decided without a network call: {@code
 * GCE_METADATA_HOST} names it (google-auth-library, which makes the requests, reads the same
 * variable), or the machine's firmware says it is a Google Compute Engine VM, as
 * google-auth-library also checks. Probing the link-local address from anywhere else would cost
 * seconds. {@code NO_GCE_CHECK=true} turns it off, as it does in Google's client libraries.
 *
 * @param host the server's host (and port), as requests are sent to it
 * @param origin how it was found, for messages
 */
public record MetadataServer(String host, String origin) implements CredentialSource {
  public static final String HOST_ENV = "GCE_METADATA_HOST";
  public static final String OFF_ENV = "NO_GCE_CHECK";
  static final String DEFAULT_HOST = "metadata.google.internal";

  /** Where Linux shows the machine's product name; "Google Compute Engine" on GCE and GKE nodes. */
  public static final Path PRODUCT_NAME = Path.of("/sys/class/dmi/id/product_name");

  private static final Duration PROJECT_TIMEOUT = Duration.ofSeconds(3);

  /** The metadata server to use, when this runs on Google Compute Engine or one is named. */
  public static Optional<MetadataServer> detect(
      Function<String, Optional<String>> env, Path productName) {
    if (env.apply(OFF_ENV).filter("true"::equalsIgnoreCase).isPresent()) {
      return Optional.empty();
    }
    Optional<String> named = env.apply(HOST_ENV).map(String::strip).filter(host -> !host.isEmpty());
    if (named.isPresent()) {
      return Optional.of(new MetadataServer(named.get(), HOST_ENV));
    }
    return isComputeEngine(productName)
        ? Optional.of(new MetadataServer(DEFAULT_HOST, "this Compute Engine VM"))
        : Optional.empty();
  }

  private static boolean isComputeEngine(Path productName) {
    try {
      return Files.readString(productName, StandardCharsets.UTF_8).strip().startsWith("Google");
    } catch (IOException e) {
      return false; // not Linux, or no firmware information: not a Compute Engine VM
    }
  }

  @Override
  public String describe() {
    return "the metadata server at " + host + " (from " + origin + ")";
  }

  @Override
  public String endpoint() {
    return describe();
  }

  @Override
  public Optional<Path> file() {
    return Optional.empty();
  }

  @Override
  public LoadedCredentials load(HttpTransportFactory transport) {
    ComputeEngineCredentials credentials =
        ComputeEngineCredentials.newBuilder().setHttpTransportFactory(transport).build();
    return new LoadedCredentials(credentials, () -> account(credentials));
  }

  /**
   * The project of the VM or GKE node, as the metadata server says it (what gcloud uses there when
   * none is configured); empty when the server does not answer.
   */
  public Optional<String> projectId() {
    OkHttpClient http = new OkHttpClient.Builder().callTimeout(PROJECT_TIMEOUT).build();
    Request request =
        new Request.Builder()
            .url("http://" + host + "/computeMetadata/v1/project/project-id")
            .header("Metadata-Flavor", "Google")
            .build();
    try (Response response = http.newCall(request).execute()) {
      String project = response.isSuccessful() ? response.body().string().strip() : "";
      return project.isEmpty() ? Optional.empty() : Optional.of(project);
    } catch (IOException | IllegalArgumentException e) {
      return Optional.empty(); // unreachable, or a host that makes no URL: no project from here
    } finally {
      http.dispatcher().executorService().shutdown();
      http.connectionPool().evictAll();
    }
  }

  /** The service account the server gives tokens for; a description when it will not say. */
  private static String account(ComputeEngineCredentials credentials) {
    try {
      return credentials.getAccount();
    } catch (RuntimeException e) {
      return "the metadata server's default service account";
    }
  }

  @Override
  public UserError unreachable(Exception failure) {
    return new UserError(
        "cannot reach " + describe() + ": " + GoogleAccess.oneLine(failure.getMessage()),
        "run on a Compute Engine VM or GKE node, check "
            + HOST_ENV
            + " if set, or give a credentials file"
            + " (GOOGLE_APPLICATION_CREDENTIALS, --credentials)",
        failure);
  }

  @Override
  public UserError refused(Exception failure, Supplier<String> principal) {
    // google-auth-library's message is long and suggests NO_GCE_CHECK, which does not apply here.
    OptionalInt status = TokenEndpointAnswer.httpStatus(failure);
    String reason =
        status.isPresent()
            ? "HTTP " + status.getAsInt()
            : GoogleAccess.oneLine(GoogleAccess.reason(failure));
    return new UserError(
        describe() + " gave no access token (" + reason + ")",
        "attach a service account with the cloud-platform scope to the VM, or on GKE bind the"
            + " runner's Kubernetes service account to a Google service account (Workload"
            + " Identity)",
        failure);
  }
}
