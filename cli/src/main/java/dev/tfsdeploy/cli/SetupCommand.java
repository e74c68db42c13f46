package dev.tfsdeploy.cli;

import dev.tfsdeploy.cluster.GkeKubeconfig;
import dev.tfsdeploy.cluster.gke.ClusterEndpoint;
import dev.tfsdeploy.cluster.gke.ClusterId;
import dev.tfsdeploy.cluster.gke.EndpointChoice;
import dev.tfsdeploy.cluster.gke.GkeApi;
import dev.tfsdeploy.cluster.kubeconfig.ExecPlugin;
import dev.tfsdeploy.cluster.kubeconfig.JavaLauncher;
import dev.tfsdeploy.cluster.kubeconfig.KubeconfigFile;
import dev.tfsdeploy.gcp.GoogleAccess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code tfs-deploy setup}: a kubeconfig for a GKE cluster whose user runs {@code tfs-deploy token}. */
@Command(
    name = "setup",
    header = "Write a kubeconfig for a GKE cluster (no gcloud needed).",
    sortOptions = false,
    description = {
      "Write kubeconfig credentials for a GKE cluster, as `gcloud container clusters get-credentials`"
          + " does but without gcloud: the user entry runs `tfs-deploy token` as kubectl's exec"
          + " credential plugin, so tokens refresh for as long as the job runs.",
      "",
      "Google credentials come from --credentials FILE, else GOOGLE_APPLICATION_CREDENTIALS (a"
          + " service-account key, or the workload identity federation file google-github-actions/auth"
          + " writes), else gcloud's application-default credentials."
          + " CLOUDSDK_API_ENDPOINT_OVERRIDES_CONTAINER is honoured as gcloud honours it.",
      ""
    })
final class SetupCommand extends StepCommand {
  /** How long finding the cluster may take, retries of an unreachable API included. */
  static final Duration API_TIMEOUT = Duration.ofSeconds(60);

  @Option(names = "--project", paramLabel = "PROJECT", description = "Google Cloud project ID (env GCP_PROJECT_ID).")
  String project;

  @Option(names = "--location", paramLabel = "LOCATION", description = "The cluster's zone or region (env GKE_ZONE).")
  String location;

  @Option(names = "--cluster", paramLabel = "NAME", description = "The cluster's name (env GKE_CLUSTER_NAME).")
  String cluster;

  @Option(
      names = "--kubeconfig",
      paramLabel = "PATH",
      description = "The kubeconfig to merge into (default: the first entry of KUBECONFIG, else ~/.kube/config).")
  Path kubeconfig;

  @Option(
      names = "--credentials",
      paramLabel = "FILE",
      description = "Google credentials JSON (default: GOOGLE_APPLICATION_CREDENTIALS).")
  Path credentials;

  @ArgGroup(exclusive = true)
  Endpoint endpoint = new Endpoint();

  static final class Endpoint {
    @Option(names = "--internal-ip", description = "Use the cluster's private endpoint.")
    boolean internalIp;

    @Option(names = "--dns-endpoint", description = "Use the cluster's DNS-based control plane endpoint.")
    boolean dnsEndpoint;

    EndpointChoice choice() {
      return internalIp ? EndpointChoice.INTERNAL_IP : dnsEndpoint ? EndpointChoice.DNS : EndpointChoice.PUBLIC;
    }
  }

  @Override
  public Integer call() {
    ClusterId id = new ClusterId(require(project, "--project"), require(location, "--location"), require(cluster, "--cluster"));
    Path target = kubeconfig != null ? kubeconfig.toAbsolutePath().normalize() : KubeconfigFile.defaultPath(env());
    GoogleAccess google = GoogleAccess.load(Optional.ofNullable(credentials), env(), console()::mask);
    console().info("Google credentials: " + google.principal() + " from " + google.file().describe());
    google.accessToken();

    ClusterEndpoint clusterEndpoint;
    Optional<String> apiOverride = env().apply(GkeApi.ENDPOINT_OVERRIDE_ENV);
    try (GkeApi api = GkeApi.connect(google, apiOverride, API_TIMEOUT, "tfs-deploy/" + VersionProvider.version())) {
      console().debug("GKE API: " + api.endpoint());
      clusterEndpoint = ClusterEndpoint.of(id, api.getCluster(id), endpoint.choice());
    }

    ExecPlugin plugin = new ExecPlugin(JavaLauncher.commandFor(Main.class), Optional.of(google.file().path()));
    GkeKubeconfig.Written written = GkeKubeconfig.merge(target, clusterEndpoint, plugin);
    console().info(
        "kubeconfig " + written.kubeconfig() + ": context " + written.context() + " -> " + written.server()
            + " (" + clusterEndpoint.kind().name().toLowerCase(Locale.ROOT).replace('_', ' ') + " endpoint)");
    outputs().exportVariable("KUBECONFIG", written.kubeconfig().toString());
    outputs().set("kubeconfig-path", written.kubeconfig().toString());
    console().result(written.kubeconfig().toString());
    return ExitCode.OK;
  }

  /** The process environment, as the console was given it (tests pass their own). */
  private Function<String, Optional<String>> env() {
    return console().actions()::get;
  }
}
