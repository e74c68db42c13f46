package dev.tfsdeploy.cli;

import dev.tfsdeploy.canary.CanaryPlan;
import dev.tfsdeploy.cluster.rollout.Manifests;
import dev.tfsdeploy.cluster.rollout.ObjectYaml;
import dev.tfsdeploy.experiments.TfServingBase;
import dev.tfsdeploy.overlay.Rendering;
import dev.tfsdeploy.pipeline.ManifestRendering;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

/**
 * {@code tfs-deploy render}: a kustomization rendered in-process, exactly as kubectl kustomize
 * would.
 */
@Command(
    name = "render",
    header = "Render a kustomization or experiment exactly as kubectl kustomize.",
    sortOptions = false,
    description = {
      "Render a kustomization directory (or an experiment) in-process, byte for byte as",
      "`kubectl kustomize` would, and check the objects against the Kubernetes schema.",
      "Prints the YAML, or with --out the directory it wrote (one file per object)."
    })
final class RenderCommand extends StepCommand {
  @Parameters(
      index = "0",
      arity = "0..1",
      paramLabel = "PATH",
      description = "A directory with a kustomization.yaml; or give --experiment NAME.")
  Path path;

  @Mixin ExperimentOption experiment;

  @Mixin KubeDirOption kubeDir;

  @Option(
      names = "--image",
      paramLabel = "REF",
      description = "Image for the TF Serving container: REPO[:TAG] or REPO@sha256:DIGEST.")
  String image;

  @Mixin ModelNameOption modelName;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      description = "Write one file per object into DIR (new or empty).")
  Path out;

  @Mixin CanaryTrafficOptions canary;

  @Override
  public Integer call() {
    boolean asCanary = canary.canary();
    Path directory = target();
    Rendering rendering =
        ManifestRendering.render(directory, image, modelName.name, console()::warn);
    if (asCanary) {
      console().result(canaryObjects(rendering));
      warnOfThePlaceholder(rendering);
      return ExitCode.OK;
    }
    if (out == null) {
      String yaml = rendering.yaml();
      console().result(yaml.endsWith("\n") ? yaml.substring(0, yaml.length() - 1) : yaml);
    } else {
      int written = ManifestRendering.write(rendering, out);
      console().info("wrote " + written + " objects to " + out);
      console().result(out.toString());
    }
    // After the output: a render that fails says one line, its error.
    warnOfThePlaceholder(rendering);
    return ExitCode.OK;
  }

  /**
   * What {@code deploy --strategy canary} would apply next to the running stable objects, for
   * review: the canary Deployment (and Service and HTTPRoute in gateway mode), with the rendered
   * replicas standing in for the live ones.
   */
  private String canaryObjects(Rendering rendering) {
    if (out != null) {
      throw new ParameterException(
          spec.commandLine(), "--strategy canary prints the canary's objects; drop --out");
    }
    Manifests manifests = Manifests.parse(rendering.yaml(), "the render");
    Deployment stable = manifests.deployment(Optional.empty());
    int replicas = stable.getSpec().getReplicas() == null ? 1 : stable.getSpec().getReplicas();
    CanaryPlan plan = CanaryPlan.of(manifests, stable, replicas, canary.toSpec());
    console()
        .info(
            "during the analysis deployment/"
                + stable.getMetadata().getName()
                + " runs "
                + plan.stableReplicas()
                + " of its "
                + replicas
                + " replicas");
    return plan.objects().stream()
        .map(ObjectYaml::withoutServerFields)
        .collect(Collectors.joining("---\n"))
        .stripTrailing();
  }

  private void warnOfThePlaceholder(Rendering rendering) {
    if ((image == null || image.isBlank()) && TfServingBase.runsPlaceholderImage(rendering)) {
      console()
          .warn(
              "no --image: the manifests run the base's placeholder image "
                  + TfServingBase.IMAGE_PLACEHOLDER
                  + (modelName.name == null || modelName.name.isBlank()
                      ? " and serve MODEL_NAME " + TfServingBase.DEFAULT_MODEL_NAME
                      : "")
                  + ", which no cluster can pull; pass --image REPO@sha256:DIGEST (build-image"
                  + " prints it)");
    }
  }

  private Path target() {
    boolean experimentOnCommandLine =
        spec.commandLine().getParseResult().hasMatchedOption(ExperimentOption.OPTION);
    if (path != null && experimentOnCommandLine) {
      throw new ParameterException(
          spec.commandLine(), "give either PATH or --experiment, not both");
    }
    if (path != null) {
      return path;
    }
    if (experiment.name == null || experiment.name.isBlank()) {
      throw new ParameterException(
          spec.commandLine(),
          "missing PATH or " + EnvironmentDefaults.describe(ExperimentOption.OPTION));
    }
    return kubeDir.experimentDirectory(experiment.name);
  }
}
