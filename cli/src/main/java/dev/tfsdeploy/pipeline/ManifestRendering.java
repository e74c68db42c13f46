package dev.tfsdeploy.pipeline;

import dev.tfsdeploy.experiments.TfServingLayer;
import dev.tfsdeploy.files.AtomicDirectory;
import dev.tfsdeploy.overlay.Kustomization;
import dev.tfsdeploy.overlay.ManifestSchema;
import dev.tfsdeploy.overlay.RenderOptions;
import dev.tfsdeploy.overlay.RenderedObject;
import dev.tfsdeploy.overlay.Rendering;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The render step as render, deploy, diff and run take it: render in-process, check the schema,
 * write.
 */
public final class ManifestRendering {
  private ManifestRendering() {}

  /**
   * The kustomization's objects with the image and model name set, checked against the Kubernetes
   * schema.
   */
  public static Rendering render(
      Path directory, String image, String modelName, Consumer<String> warnings) {
    RenderOptions options =
        RenderOptions.DEFAULT
            .withLayer(new TfServingLayer(image, modelName))
            .withListener(warnings::accept);
    Rendering rendering = Kustomization.load(directory).render(options);
    ManifestSchema.check(rendering, directory.toString());
    return rendering;
  }

  /**
   * One file per object into {@code out} (new or empty), all or nothing; returns the number
   * written.
   */
  public static int write(Rendering rendering, Path out) {
    Map<String, String> files = new LinkedHashMap<>();
    int index = 0;
    for (RenderedObject object : rendering.objects()) {
      files.put(object.fileName(index++), object.yaml());
    }
    AtomicDirectory.write(out, files, staged -> {});
    return files.size();
  }
}
