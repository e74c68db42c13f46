package dev.tfsdeploy.cli;

import dev.tfsdeploy.cluster.gke.ClusterId;
import dev.tfsdeploy.cluster.gke.EndpointChoice;
import dev.tfsdeploy.pipeline.GkeCredentials;
import java.nio.file.Path;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code tfs-deploy setup}: a kubeconfig for a GKE cluster whose user runs {@code tfs-deploy
 * token}.
 */
@Command(
    name = "setup",
    header = "Write a kubeconfig for a GKE cluster (no gcloud needed).",
    sortOptions = false,
    description = {
      "Write kubeconfig credentials for a GKE cluster, as `gcloud container clusters"
          + " get-credentials` does but without gcloud: the user entry runs `tfs-deploy token` as"
          + " kubectl's exec credential plugin, so tokens refresh for as long as the job runs.",
      "",
      "Google credentials come from --credentials FILE, else GOOGLE_APPLICATION_CREDENTIALS (a"
          + " service-account key, or the workload identity federation file"
          + " google-github-actions/auth writes), else gcloud's application-default credentials,"
          + " else on a Compute Engine VM or GKE node its metadata server (GCE_METADATA_HOST names"
          + " another). CLOUDSDK_API_ENDPOINT_OVERRIDES_CONTAINER is honoured as gcloud honours"
          + " it.",
      ""
    })
final class SetupCommand extends StepCommand {
  @Option(
      names = "--project",
      paramLabel = "PROJECT",
      description =
          "Google Cloud project ID (env GCP_PROJECT_ID, else CLOUDSDK_CORE_PROJECT or"
              + " GOOGLE_CLOUD_PROJECT as google-github-actions/auth exports them).")
  String project;

  @Option(
      names = "--location",
      paramLabel = "LOCATION",
      description = "The cluster's zone or region (env GKE_ZONE).")
  String location;

  @Option(
      names = "--cluster",
      paramLabel = "NAME",
      description = "The cluster's name (env GKE_CLUSTER_NAME).")
  String cluster;

  @Option(
      names = "--kubeconfig",
      paramLabel = "PATH",
      description =
          "The kubeconfig to merge into (default: the first entry of KUBECONFIG, else"
              + " ~/.kube/config).")
  Path kubeconfig;

  @Option(
      names = "--credentials",
      paramLabel = "FILE",
      description =
          "Google credentials JSON (default: GOOGLE_APPLICATION_CREDENTIALS, gcloud's ADC file, the"
              + " metadata server on GCE).")
  Path credentials;

  @ArgGroup(exclusive = true)
  Endpoint endpoint = new Endpoint();

  static final class Endpoint {
    @Option(names = "--internal-ip", description = "Use the cluster's private endpoint.")
    boolean internalIp;

    @Option(
        names = "--dns-endpoint",
        description = "Use the cluster's DNS-based control plane endpoint.")
    boolean dnsEndpoint;

    EndpointChoice choice() {
      return internalIp
          ? EndpointChoice.INTERNAL_IP
          : dnsEndpoint ? EndpointChoice.DNS : EndpointChoice.PUBLIC;
    }
  }

  @Override
  public Integer call() {
    ClusterId id =
        new ClusterId(
            require(projectOrMetadata(project), "--project"),
            require(location, "--location"),
            require(cluster, "--cluster"));
    Path written =
        new GkeCredentials(context())
            .write(new GkeCredentials.Request(id, kubeconfig, credentials, endpoint.choice()));
    console().result(written.toString());
    return ExitCode.OK;
  }
}
