package dev.tfsdeploy.overlay;

import dev.tfsdeploy.yaml.YamlWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A kustomization directory, rendered in-process exactly as {@code kubectl kustomize} renders it
 * (same objects, order and bytes) for the fields and kinds this renderer supports; anything else is
 * an error naming the file and field. A {@link RenderLayer} adds fields on top (the experiments'
 * {@code TfServingLayer} sets the image and model name):
 *
 * <pre>{@code
 * Rendering r = Kustomization.load(Path.of(".kube/experiments/4vCPU+8GB+inter_op4"))
 *     .render(RenderOptions.DEFAULT.withLayer(new TfServingLayer("repo/model@sha256:...", null)));
 * }</pre>
 */
public final class Kustomization {
  private final Path directory;

  private Kustomization(Path directory) {
    this.directory = directory;
  }

  /** The kustomization in {@code directory}; its files are read when rendering. */
  public static Kustomization load(Path directory) {
    return new Kustomization(KustomizationFile.load(directory).directory);
  }

  /** Whether {@code directory} holds a kustomization file, under any name kustomize reads. */
  public static boolean isIn(Path directory) {
    return KustomizationFile.FILE_NAMES.stream()
        .anyMatch(name -> Files.isRegularFile(directory.resolve(name)));
  }

  public Path directory() {
    return directory;
  }

  public Rendering render(RenderOptions options) {
    KustomizeBuild build = new KustomizeBuild(options.listener());
    KustomizationFile top =
        options.changesAnything()
            ? KustomizationFile.inMemory(
                directory,
                "(render options over " + directory + ")",
                RenderLayer.kustomizationYaml(directory, directory, options))
            : KustomizationFile.load(directory);
    List<RenderedObject> objects = new ArrayList<>();
    for (Resource resource : build.build(top)) {
      objects.add(
          new RenderedObject(
              resource.apiVersion(),
              resource.kind(),
              resource.name(),
              resource.namespace(),
              resource.object(),
              YamlWriter.write(resource.object())));
    }
    return new Rendering(List.copyOf(objects));
  }
}
