package dev.tfsdeploy.overlay;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kustomize reads sortOptions and buildMetadata from the top kustomization only; rendering with a
 * layer (as --image and --model-name do) puts a kustomization on top, which carries the target's,
 * so they still count.
 */
class TopOnlyFieldsUnderRenderOptionsTest {
  @TempDir Path dir;
  @TempDir Path layer;

  @Test
  void theTargetsSortOptionsAndOriginAnnotationsHoldWithAnImageOption() throws IOException {
    Files.writeString(
        dir.resolve("kustomization.yaml"),
        "sortOptions: {order: fifo}\n"
            + "buildMetadata: [originAnnotations]\n"
            + "resources: [objects.yaml]\n");
    Files.writeString(
        dir.resolve("objects.yaml"),
        """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: tfs-serving}
        spec:
          template:
            spec:
              containers:
              - {name: tfs, image: tfs-serving-model}
        ---
        apiVersion: v1
        kind: Service
        metadata: {name: tfs-serving}
        """);
    RenderOptions options =
        RenderOptions.DEFAULT.withLayer(
            () ->
                "images:\n"
                    + "- {name: tfs-serving-model, newName: example.com/model, newTag: \"1\"}\n");
    String rendered = Kustomization.load(dir).render(options).yaml();

    Files.writeString(
        layer.resolve("kustomization.yaml"), RenderLayer.kustomizationYaml(layer, dir, options));
    String kubectl = KubectlKustomize.render(layer);
    assertThat(rendered.indexOf("kind: Deployment")).isLessThan(rendered.indexOf("kind: Service"));
    assertThat(rendered).contains("path: objects.yaml\n").contains("image: example.com/model:1");
    assertThat(
            kubectl.replace(
                "path: ../" + dir.getFileName() + "/objects.yaml", "path: objects.yaml"))
        .isEqualTo(rendered);
  }
}
