package dev.tfsdeploy.cli;

import dev.tfsdeploy.cluster.rollout.ApiErrors;
import dev.tfsdeploy.cluster.rollout.DeployRequest;
import dev.tfsdeploy.cluster.rollout.ManifestDiff;
import dev.tfsdeploy.cluster.rollout.Manifests;
import dev.tfsdeploy.cluster.rollout.ObjectDiff;
import dev.tfsdeploy.pipeline.DeployProvenance;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code tfs-deploy diff}: what a deploy of these manifests would change, as a unified diff. */
@Command(
    name = "diff",
    header = "Show what deploy would change in the cluster.",
    sortOptions = false,
    usageHelpAutoWidth = true,
    description = {
      "Show what `deploy` would change: each object after a server-side dry-run",
      "apply against the live one, as a unified diff of their YAML (without",
      "managedFields, resourceVersion, uid, creationTimestamp, generation and",
      "status), and the objects it would prune."
    })
final class DiffCommand extends StepCommand {
  @Mixin ManifestSource source;
  @Mixin KubernetesTarget target;
  @Mixin ProvenanceOptions provenance;

  @Option(names = "--deployment", paramLabel = "NAME",
      description = "The TF Serving Deployment (env GKE_DEPLOYMENT_NAME; default: the only one in the manifests).")
  String deploymentName;

  @Option(names = "--model-name", paramLabel = "NAME", description = "Model name, for rendering (env MODEL_NAME).")
  String modelName;

  @Override
  public Integer call() {
    Manifests manifests = source.load(modelName, console()::warn);
    Deployment deployment = manifests.deployment(Optional.ofNullable(deploymentName));
    DeployRequest request = new DeployRequest(manifests, Optional.of(deployment.getMetadata().getName()),
        provenance.toProvenance().stamp(console().actions(), DeployProvenance.experiment(source.experiment, deployment), deployment),
        Duration.ZERO, false);
    try (KubernetesClient client = target.connect(console())) {
      String namespace = client.getNamespace();
      try {
        List<ObjectDiff> diffs = new ManifestDiff(client, namespace).diff(request);
        for (ObjectDiff diff : diffs) {
          console().info(diff.change().name().toLowerCase(java.util.Locale.ROOT) + " " + diff.object());
        }
        String text = diffs.stream().map(ObjectDiff::unifiedDiff).filter(d -> !d.isEmpty()).collect(Collectors.joining());
        long changed = diffs.stream().filter(d -> d.change() != ObjectDiff.Change.UNCHANGED).count();
        console().info(changed == 0 ? "no changes" : changed + " of " + diffs.size() + " object(s) would change");
        if (!text.isEmpty()) {
          console().result(text.stripTrailing());
        }
        return ExitCode.OK;
      } catch (KubernetesClientException e) {
        throw ApiErrors.error("diffing against the cluster", e, namespace);
      }
    }
  }
}
