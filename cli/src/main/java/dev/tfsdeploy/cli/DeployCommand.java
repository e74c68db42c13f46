package dev.tfsdeploy.cli;

import dev.tfsdeploy.cluster.rollout.DeployResult;
import dev.tfsdeploy.cluster.rollout.Manifests;
import dev.tfsdeploy.cluster.rollout.ObjectYaml;
import dev.tfsdeploy.pipeline.CanaryDeploy;
import dev.tfsdeploy.pipeline.ServingRollout;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code tfs-deploy deploy}: apply an experiment, see the rollout through, check the model answers.
 */
@Command(
    name = "deploy",
    header = "Apply an experiment, wait for the rollout, smoke-check, report the endpoint.",
    sortOptions = false,
    usageHelpAutoWidth = true,
    description = {
      "Server-side apply an experiment's rendered objects (field manager",
      "tfs-deploy), watch the rollout, prune what the app no longer has,",
      "smoke-check the model through a port-forward, and print the REST URL of",
      "the Service's external endpoint. A failed rollout is explained (pod",
      "reasons, events, logs) and rolled back."
    },
    footerHeading = "%n",
    footer = {
      "Objects get the labels app.kubernetes.io/managed-by=tfs-deploy and",
      "app.kubernetes.io/instance=<deployment>; prune, status and teardown find",
      "them by these. Without --model-name, the smoke check asks for the",
      "container's MODEL_NAME.",
      "Exit code 1 when the rollout failed, whether or not the rollback succeeded."
    })
final class DeployCommand extends StepCommand {
  @Mixin ManifestSource source;
  @Mixin KubernetesTarget target;
  @Mixin ProvenanceOptions provenance;

  @Mixin ModelNameOption modelName;

  @Mixin RolloutOptions rollout;

  @Mixin CanaryOptions canary;

  @Option(
      names = "--dry-run",
      description = "Server-side dry run: print what would be applied and pruned; change nothing.")
  boolean dryRun;

  @Override
  public Integer call() {
    ServingRollout.Settings settings = rollout.toSettings();
    Manifests manifests = source.load(modelName.name, console()::warn);
    ServingRollout.Request request =
        new ServingRollout.Request(
            manifests, modelName.name, source.experiment.name, provenance.toProvenance(), settings);
    if (canary.canary() && !dryRun) {
      CanaryDeploy.Outcome outcome =
          new CanaryDeploy(context(), target.toConnection()).run(request, canary.toSettings());
      console().result(outcome.action());
      return ExitCode.OK;
    }
    ServingRollout serving = new ServingRollout(context(), target.toConnection());
    if (dryRun) {
      DeployResult result = serving.dryRun(request);
      console()
          .result(
              result.applied().stream()
                  .map(ObjectYaml::withoutServerFields)
                  .collect(Collectors.joining("---\n"))
                  .stripTrailing());
      return ExitCode.OK;
    }
    console().result(serving.deploy(request).restUrl());
    return ExitCode.OK;
  }
}
