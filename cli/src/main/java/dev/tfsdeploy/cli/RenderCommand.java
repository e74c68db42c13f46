package dev.tfsdeploy.cli;

import dev.tfsdeploy.experiments.TfServingBase;
import dev.tfsdeploy.overlay.Rendering;
import dev.tfsdeploy.pipeline.ManifestRendering;
import java.nio.file.Path;
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

  @Override
  public Integer call() {
    Path directory = target();
    Rendering rendering =
        ManifestRendering.render(directory, image, modelName.name, console()::warn);
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
