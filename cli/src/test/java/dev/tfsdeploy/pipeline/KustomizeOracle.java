package dev.tfsdeploy.pipeline;

import dev.tfsdeploy.overlay.KubectlKustomize;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What {@code kubectl kustomize} makes of an experiment once a user has done by hand what the
 * pipeline does: {@code kustomize edit set image tfs-serving-model=REF} and a patch setting the
 * model name. Written here from kustomize's documentation, not from the renderer's code.
 */
final class KustomizeOracle {
  private KustomizeOracle() {}

  static String render(
      Path experimentDir, String name, String tag, String digest, String modelName, Path workDir) {
    try {
      Path layer = Files.createDirectories(workDir.resolve("oracle-layer"));
      String relative = layer.relativize(experimentDir).toString();
      String images =
          "images:\n- name: tfs-serving-model\n  newName: "
              + name
              + "\n"
              + (tag == null ? "" : "  newTag: \"" + tag + "\"\n")
              + (digest == null ? "" : "  digest: " + digest + "\n");
      String patch =
          """
          patches:
          - patch: |-
              apiVersion: apps/v1
              kind: Deployment
              metadata:
                name: tfs-serving
              spec:
                template:
                  spec:
                    containers:
                    - name: tfs-serving
                      env:
                      - name: MODEL_NAME
                        value: "%1$s"
                      readinessProbe:
                        httpGet:
                          path: /v1/models/%1$s/metadata
          """
              .formatted(modelName);
      Files.writeString(
          layer.resolve("kustomization.yaml"), "resources:\n- " + relative + "\n" + images + patch);
      return KubectlKustomize.render(layer);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
