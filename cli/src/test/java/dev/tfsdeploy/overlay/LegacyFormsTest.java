package dev.tfsdeploy.overlay;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The predecessor's kustomize 4 forms: string entries under {@code patches:} and {@code bases:}.
 * kubectl (kustomize 5) rejects the string form, so the oracle is the same kustomization written
 * the modern way.
 */
class LegacyFormsTest {
  @TempDir Path temp;

  private static final String DEPLOYMENT =
      """
      apiVersion: apps/v1
      kind: Deployment
      metadata:
        name: tfs
      spec:
        selector: {matchLabels: {app: tfs}}
        template:
          metadata: {labels: {app: tfs}}
          spec:
            containers:
            - name: tfs
              image: tensorflow/serving
      """;
  private static final String PATCH =
      """
      apiVersion: apps/v1
      kind: Deployment
      metadata:
        name: tfs
      spec:
        replicas: 3
        template:
          spec:
            containers:
            - name: tfs
              args: ["--tensorflow_inter_op_parallelism=2"]
      """;

  private Path overlay(String name, String patchesSection) throws IOException {
    Path base = Files.createDirectories(temp.resolve("base"));
    Files.writeString(base.resolve("kustomization.yaml"), "resources:\n- deployment.yaml\n");
    Files.writeString(base.resolve("deployment.yaml"), DEPLOYMENT);
    Path dir = Files.createDirectories(temp.resolve(name));
    Files.writeString(dir.resolve("kustomization.yaml"), "bases:\n- ../base\n" + patchesSection);
    Files.writeString(dir.resolve("patch.yaml"), PATCH);
    return dir;
  }

  @Test
  void kubectlRejectsStringPatchEntries() throws IOException {
    Path legacy = overlay("legacy", "patches:\n- patch.yaml\n");
    KubectlKustomize.Result result = KubectlKustomize.run(legacy);
    assertThat(result.exitCode()).isNotZero();
    assertThat(result.stderr()).contains("cannot unmarshal string");
  }

  @Test
  void rendersStringPatchEntriesAsTheirModernFormWithDeprecationWarnings() throws IOException {
    Path legacy = overlay("legacy", "patches:\n- patch.yaml\n");
    Path modern = overlay("modern", "patches:\n- path: patch.yaml\n");
    List<String> warnings = new ArrayList<>();

    String rendered =
        Kustomization.load(legacy).render(RenderOptions.DEFAULT.withListener(warnings::add)).yaml();

    assertThat(rendered).isEqualTo(KubectlKustomize.render(modern));
    assertThat(warnings)
        .anyMatch(w -> w.contains("'bases' is deprecated"))
        .anyMatch(
            w ->
                w.contains("patches[0] is the kustomize 4 string form")
                    && w.contains("- path: patch.yaml"));
  }
}
