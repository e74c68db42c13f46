package dev.tfsdeploy.pipeline;

import dev.tfsdeploy.actions.Console;
import dev.tfsdeploy.actions.StepOutputs;
import dev.tfsdeploy.cluster.GkeKubeconfig;
import dev.tfsdeploy.cluster.gke.ClusterEndpoint;
import dev.tfsdeploy.cluster.gke.ClusterId;
import dev.tfsdeploy.cluster.gke.EndpointChoice;
import dev.tfsdeploy.cluster.gke.GkeApi;
import dev.tfsdeploy.cluster.kubeconfig.ExecPlugin;
import dev.tfsdeploy.cluster.kubeconfig.JavaLauncher;
import dev.tfsdeploy.cluster.kubeconfig.KubeconfigFile;
import dev.tfsdeploy.cluster.kubeconfig.TokenCache;
import dev.tfsdeploy.cluster.kubeconfig.TokenPluginScript;
import dev.tfsdeploy.gcp.GoogleAccess;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * The setup step as {@code setup} and {@code run} both take it: find the GKE cluster with the
 * Google credentials at hand and merge it into a kubeconfig whose user runs {@code tfs-deploy
 * token}; under Actions, export KUBECONFIG and output {@code kubeconfig-path}.
 */
public final class GkeCredentials {
  /** How long finding the cluster may take, retries of an unreachable API included. */
  static final Duration API_TIMEOUT = Duration.ofSeconds(60);

  private final StepContext context;

  public GkeCredentials(StepContext context) {
    this.context = context;
  }

  /**
   * The cluster and where its credentials go.
   *
   * @param kubeconfig the kubeconfig to merge into; null means KUBECONFIG's first entry, else
   *     ~/.kube/config
   * @param credentials a Google credentials file; null means the usual lookup
   */
  public record Request(
      ClusterId cluster, Path kubeconfig, Path credentials, EndpointChoice endpoint) {}

  /**
   * What the kubeconfig runs for a token: the plugin script that answers from the token cache
   * without a JVM, or {@code java ... -jar tfs-deploy.jar} where there is no cache (no home
   * directory, a non-POSIX file system).
   */
  private List<String> tokenCommand(Function<String, Optional<String>> env) {
    List<String> java = JavaLauncher.commandFor(context.mainClass());
    Optional<TokenCache> cache = TokenCache.of(env);
    if (cache.isEmpty()) {
      return java;
    }
    try {
      return List.of(TokenPluginScript.write(cache.get(), java).toString());
    } catch (UncheckedIOException | UnsupportedOperationException e) {
      context
          .console()
          .debug("no token plugin script (" + e.getMessage() + "): the kubeconfig runs java");
      return java;
    }
  }

  /** Returns the kubeconfig written. */
  public Path write(Request request) {
    Console console = context.console();
    Function<String, Optional<String>> env = console.actions()::get;
    Path target =
        request.kubeconfig() != null
            ? request.kubeconfig().toAbsolutePath().normalize()
            : KubeconfigFile.defaultPath(env);
    GoogleAccess google =
        GoogleAccess.load(Optional.ofNullable(request.credentials()), env, console::mask);
    console.info(
        "Google credentials: " + google.principal() + " from " + google.source().describe());
    google.accessToken();

    ClusterEndpoint clusterEndpoint;
    Optional<String> apiOverride = env.apply(GkeApi.ENDPOINT_OVERRIDE_ENV);
    try (GkeApi api = GkeApi.connect(google, apiOverride, API_TIMEOUT, context.userAgent())) {
      console.debug("GKE API: " + api.endpoint());
      clusterEndpoint =
          ClusterEndpoint.of(
              request.cluster(), api.getCluster(request.cluster()), request.endpoint());
    }

    ExecPlugin plugin = new ExecPlugin(tokenCommand(env), google.source().file());
    GkeKubeconfig.Written written = GkeKubeconfig.merge(target, clusterEndpoint, plugin);
    console.info(
        "kubeconfig "
            + written.kubeconfig()
            + ": context "
            + written.context()
            + " -> "
            + written.server()
            + " ("
            + clusterEndpoint.kind().name().toLowerCase(Locale.ROOT).replace('_', ' ')
            + " endpoint)");
    StepOutputs outputs = context.outputs();
    outputs.exportVariable("KUBECONFIG", written.kubeconfig().toString());
    outputs.set("kubeconfig-path", written.kubeconfig().toString());
    return written.kubeconfig();
  }
}
