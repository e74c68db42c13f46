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
 * vars kubectl refuses are refused with one line naming the var; the corpus case vars-basic shows
 * the rest.
 */
class VarsErrorsTest {
  private static final String CONFIG_MAP =
      "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c, namespace: %s}\ndata: {a: x}\n";
  private static final String VAR =
      "vars:\n- name: X\n  objref: {apiVersion: v1, kind: ConfigMap, name: c}\n";

  @TempDir Path dir;

  private void write(String name, String text) throws IOException {
    Path file = dir.resolve(name);
    Files.createDirectories(file.getParent());
    Files.writeString(file, text);
  }

  private void assertBothRefuse(String message) {
    assertThat(KubectlKustomize.run(dir).exitCode()).as("kubectl refuses it too").isNotZero();
    assertThatThrownBy(() -> Kustomization.load(dir).render(RenderOptions.DEFAULT))
        .isInstanceOf(UserError.class)
        .hasMessageContaining(message)
        .hasMessageNotContaining("\n");
  }

  @Test
  void refusesAVarWhoseObjectIsNotInTheBuild() throws IOException {
    write("c.yaml", CONFIG_MAP.formatted("a"));
    write("kustomization.yaml", "resources: [c.yaml]\n" + VAR.replace("name: c", "name: nope"));
    assertBothRefuse(
        "var 'X' (objref v1 ConfigMap nope, fieldref metadata.name) cannot be mapped to a field");
  }

  @Test
  void refusesAVarWithoutApiVersionAsKustomizeMatchesTheVersionExactly() throws IOException {
    write("c.yaml", CONFIG_MAP.formatted("a"));
    write(
        "kustomization.yaml",
        "resources: [c.yaml]\nvars:\n- name: X\n  objref: {kind: ConfigMap, name: c}\n");
    assertBothRefuse("cannot be mapped to a field in the set of known resources");
  }

  @Test
  void refusesAVarMatchingObjectsInTwoNamespaces() throws IOException {
    write("c.yaml", CONFIG_MAP.formatted("a") + "---\n" + CONFIG_MAP.formatted("b"));
    write("kustomization.yaml", "resources: [c.yaml]\n" + VAR);
    assertBothRefuse("found 2 objects for var 'X'");
  }

  @Test
  void refusesAVarDefinedTwiceInTheBuild() throws IOException {
    write("base/c.yaml", CONFIG_MAP.formatted("a"));
    write("base/kustomization.yaml", "resources: [c.yaml]\n" + VAR);
    write("kustomization.yaml", "resources: [base]\n" + VAR);
    assertBothRefuse("var 'X' already encountered");
  }

  @Test
  void refusesAVarWhoseFieldIsMissing() throws IOException {
    write("c.yaml", CONFIG_MAP.formatted("a"));
    write(
        "kustomization.yaml", "resources: [c.yaml]\n" + VAR + "  fieldref: {fieldPath: data.b}\n");
    assertBothRefuse("var 'X': fieldPath 'data.b' is missing in ConfigMap");
  }
}
