package dev.tfsdeploy.overlay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.tfsdeploy.UserError;
import dev.tfsdeploy.yaml.AliasBombs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * YAML built to exhaust the renderer fails fast with one line; large or odd but honest YAML renders
 * as kubectl's.
 */
class HostileYamlTest {
  /**
   * Without the limits a bomb takes minutes and gigabytes; the bound only keeps a regression from
   * hanging.
   */
  private static final Duration BOUND = Duration.ofSeconds(20);

  private static final String CONFIG_MAP = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n";

  @TempDir Path dir;

  private void write(String name, String text) throws IOException {
    Files.writeString(dir.resolve(name), text);
  }

  private String render() {
    return Kustomization.load(dir).render(RenderOptions.DEFAULT).yaml();
  }

  @Test
  void refusesAKustomizationAliasBombAsKubectlDoes() throws IOException {
    write("c.yaml", CONFIG_MAP);
    write(
        "kustomization.yaml",
        "resources: [c.yaml]\nmetadata:\n" + AliasBombs.anchors(10, 10, "  "));
    assertThat(KubectlKustomize.run(dir).stderr()).contains("document contains excessive aliasing");
    assertTimeoutPreemptively(
        BOUND,
        () ->
            assertThatThrownBy(this::render)
                .isInstanceOf(UserError.class)
                .hasMessageContaining(
                    "kustomization.yaml: the YAML document contains excessive aliasing"));
  }

  @Test
  void refusesAResourceAliasBomb() throws IOException {
    // kubectl kustomize itself hangs on this one.
    write("bomb.yaml", AliasBombs.configMap());
    write("kustomization.yaml", "resources: [bomb.yaml]\n");
    assertTimeoutPreemptively(
        BOUND,
        () ->
            assertThatThrownBy(this::render)
                .isInstanceOf(UserError.class)
                .hasMessageContaining("bomb.yaml: the YAML document contains excessive aliasing"));
  }

  @Test
  void refusesAPatchAliasBomb() throws IOException {
    write("c.yaml", CONFIG_MAP);
    write("patch.yaml", CONFIG_MAP + "data:\n" + AliasBombs.anchors(10, 10, "  "));
    write("kustomization.yaml", "resources: [c.yaml]\npatches:\n- path: patch.yaml\n");
    assertTimeoutPreemptively(
        BOUND,
        () ->
            assertThatThrownBy(this::render)
                .isInstanceOf(UserError.class)
                .hasMessageContaining("patch.yaml: the YAML document contains excessive aliasing"));
  }

  @Test
  void rendersMoreCollectionAliasesThanTheOldCapAsKubectlDoes() throws IOException {
    StringBuilder deployment =
        new StringBuilder(
            """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: d}
            spec:
              selector: {matchLabels: {app: d}}
              template:
                metadata: {labels: {app: d}}
                spec:
                  containers:
                  - {name: c0, image: i, resources: &r {limits: {cpu: '1'}}}
            """);
    for (int i = 1; i <= 150; i++) {
      deployment.append("      - {name: c").append(i).append(", image: i, resources: *r}\n");
    }
    write("d.yaml", deployment.toString());
    write("kustomization.yaml", "resources: [d.yaml]\n");
    assertThat(render()).isEqualTo(KubectlKustomize.render(dir));
  }

  @Test
  void rendersATenMegabytePlainScalarAsKubectlDoes() throws IOException {
    write("big.yaml", CONFIG_MAP + "data:\n  v: " + "a".repeat(10_000_000) + "\n");
    write("kustomization.yaml", "resources: [big.yaml]\n");
    assertThat(render()).isEqualTo(KubectlKustomize.render(dir));
  }

  @Test
  void rendersCarriageReturnsAndAByteOrderMarkAsKubectlDoes() throws IOException {
    write(
        "c.yaml",
        "\uFEFFapiVersion: v1\r\nkind: ConfigMap\r\nmetadata: {name: c}\r\ndata:\r\n  text: |\r\n"
            + "    one\r\n    two\r\n  plain: a\r\n    b\r\n");
    write("kustomization.yaml", "resources: [c.yaml]\n");
    assertThat(render()).isEqualTo(KubectlKustomize.render(dir));
  }
}
