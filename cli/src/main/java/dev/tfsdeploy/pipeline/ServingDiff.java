package dev.tfsdeploy.pipeline;

import dev.tfsdeploy.actions.Console;
import dev.tfsdeploy.cluster.rollout.ApiErrors;
import dev.tfsdeploy.cluster.rollout.DeployRequest;
import dev.tfsdeploy.cluster.rollout.ManifestDiff;
import dev.tfsdeploy.cluster.rollout.Manifests;
import dev.tfsdeploy.cluster.rollout.ObjectDiff;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The diff step: what {@link ServingRollout} would change, each object after a server-side dry-run
 * apply (with the provenance a deploy would stamp) against the live one.
 */
public final class ServingDiff {
  private final StepContext context;
  private final ClusterConnection cluster;

  public ServingDiff(StepContext context, ClusterConnection cluster) {
    this.context = context;
    this.cluster = cluster;
  }

  /**
   * What to compare.
   *
   * @param deploymentName the TF Serving Deployment; null means the only one in the manifests
   * @param experiment the experiment; null means the one the renderer annotated
   */
  public record Request(
      Manifests manifests, String deploymentName, String experiment, DeployProvenance provenance) {}

  /**
   * Lists each object's change on the console and returns the unified diff of those that change
   * (empty if none).
   */
  public String diff(Request request) {
    Console console = context.console();
    Deployment deployment =
        request.manifests().deployment(Optional.ofNullable(request.deploymentName()));
    DeployRequest deploy =
        new DeployRequest(
            request.manifests(),
            Optional.of(deployment.getMetadata().getName()),
            request
                .provenance()
                .stamp(
                    console.actions(),
                    DeployProvenance.experiment(request.experiment(), deployment),
                    deployment),
            Duration.ZERO,
            false);
    try (KubernetesClient client = cluster.connect(console)) {
      String namespace = client.getNamespace();
      try {
        List<ObjectDiff> diffs = new ManifestDiff(client, namespace).diff(deploy);
        for (ObjectDiff diff : diffs) {
          console.info(diff.change().name().toLowerCase(Locale.ROOT) + " " + diff.object());
        }
        long changed =
            diffs.stream().filter(d -> d.change() != ObjectDiff.Change.UNCHANGED).count();
        console.info(
            changed == 0
                ? "no changes"
                : changed + " of " + diffs.size() + " object(s) would change");
        return diffs.stream()
            .map(ObjectDiff::unifiedDiff)
            .filter(d -> !d.isEmpty())
            .collect(Collectors.joining());
      } catch (KubernetesClientException e) {
        throw ApiErrors.error("diffing against the cluster", e, namespace);
      }
    }
  }
}
