package dev.tfsdeploy.cli;

import dev.tfsdeploy.UserError;
import dev.tfsdeploy.cluster.rollout.Manifests;
import dev.tfsdeploy.overlay.Rendering;
import dev.tfsdeploy.pipeline.ManifestRendering;
import java.nio.file.Path;
import java.util.function.Consumer;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Where deploy and diff get the rendered objects (a picocli mixin): a file or directory of rendered
 * YAML ({@code --manifests}), or an experiment of the kustomize overlay rendered in-process with
 * the image pinned by digest.
 */
final class ManifestSource {
  @Option(
      names = "--manifests",
      paramLabel = "FILE|DIR",
      description =
          "Already-rendered YAML: a file, or a directory of .yaml files (e.g. `tfs-deploy render"
              + " --out DIR`).")
  Path manifests;

  @Mixin ExperimentOption experiment;

  @Mixin KubeDirOption kubeDir;

  @Option(
      names = "--image",
      paramLabel = "REF",
      description = "TF Serving image to render in, pinned by digest: REPO@sha256:DIGEST.")
  String image;

  /**
   * The objects to deploy; rendering warnings (deprecated kustomize forms) go to {@code warnings}.
   */
  Manifests load(String modelName, Consumer<String> warnings) {
    if (manifests != null) {
      return Manifests.read(manifests);
    }
    String name = experiment.name;
    if (name == null || name.isBlank()) {
      throw new UserError(
          "nothing to deploy", "pass --manifests FILE|DIR, or --experiment NAME with --image REF");
    }
    Path directory = kubeDir.experimentDirectory(name);
    Rendering rendering = ManifestRendering.render(directory, image, modelName, warnings);
    return Manifests.parse(rendering.yaml(), "experiment " + name);
  }
}
