package dev.tfsdeploy.cli;

import dev.tfsdeploy.cluster.rollout.Manifests;
import dev.tfsdeploy.pipeline.ServingDiff;
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

  @Option(
      names = "--deployment",
      paramLabel = "NAME",
      description =
          "The TF Serving Deployment (env GKE_DEPLOYMENT_NAME; default: the only one in the"
              + " manifests).")
  String deploymentName;

  @Mixin ModelNameOption modelName;

  @Override
  public Integer call() {
    Manifests manifests = source.load(modelName.name, console()::warn);
    String diff =
        new ServingDiff(context(), target.toConnection())
            .diff(
                new ServingDiff.Request(
                    manifests, deploymentName, source.experiment.name, provenance.toProvenance()));
    if (!diff.isEmpty()) {
      console().result(diff.stripTrailing());
    }
    return ExitCode.OK;
  }
}
