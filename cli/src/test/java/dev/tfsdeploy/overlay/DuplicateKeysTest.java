package dev.tfsdeploy.overlay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tfsdeploy.UserError;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Repeated mapping keys where kubectl refuses them (resource files, strategic merge patches); where
 * it keeps the last one (kustomizations, JSON patches) the corpus case duplicate-keys-kustomization
 * shows it.
 */
class DuplicateKeysTest {
  private static final String CONFIG_MAP = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n";

  @TempDir Path dir;

  private void write(String name, String text) throws IOException {
    Files.writeString(dir.resolve(name), text);
  }

  private void assertBothRefuse(String message) {
    assertThat(KubectlKustomize.run(dir).exitCode()).as("kubectl refuses it too").isNotZero();
    assertThatThrownBy(() -> Kustomization.load(dir).render(RenderOptions.DEFAULT))
        .isInstanceOf(UserError.class)
        .hasMessage(message);
  }

  @Test
  void refusesAKeyRepeatedInAResourceFile() throws IOException {
    write("c.yaml", CONFIG_MAP + "data:\n  mode: fast\n  mode: slow\n");
    write("kustomization.yaml", "resources: [c.yaml]\n");
    assertBothRefuse(dir.resolve("c.yaml") + ": mapping key 'mode' already defined at /data");
  }

  @Test
  void refusesAFieldRepeatedAtTheTopOfAResourceFile() throws IOException {
    write("c.yaml", CONFIG_MAP + "data: {a: x}\ndata: {b: y}\n");
    write("kustomization.yaml", "resources: [c.yaml]\n");
    assertBothRefuse(
        dir.resolve("c.yaml") + ": mapping key 'data' already defined at the top level");
  }

  @Test
  void refusesAKeyRepeatedInAStrategicMergePatchItCopiesIntoTheObject() throws IOException {
    write("c.yaml", CONFIG_MAP);
    write("patch.yaml", CONFIG_MAP + "data:\n  mode: fast\n  mode: slow\n");
    write("kustomization.yaml", "resources: [c.yaml]\npatches:\n- path: patch.yaml\n");
    assertBothRefuse(dir.resolve("patch.yaml") + ": mapping key 'mode' already defined at /data");
  }
}
