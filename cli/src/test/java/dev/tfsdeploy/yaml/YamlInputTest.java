package dev.tfsdeploy.yaml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.tfsdeploy.UserError;
import dev.tfsdeploy.cluster.kubeconfig.Kubeconfig;
import dev.tfsdeploy.cluster.rollout.Manifests;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.resolver.Resolver;

/** The limits every reader of user YAML applies before anything expands the document. */
class YamlInputTest {
  /**
   * Without the limits a bomb takes minutes and gigabytes; the bound only keeps a regression from
   * hanging.
   */
  private static final Duration BOUND = Duration.ofSeconds(20);

  @Test
  void refusesAnAliasBombAsExcessiveAliasing() {
    assertTimeoutPreemptively(
        BOUND,
        () ->
            assertThatThrownBy(() -> YamlInput.check(AliasBombs.configMap(), "bomb.yaml"))
                .isInstanceOf(UserError.class)
                .hasMessage(
                    "bomb.yaml: the YAML document contains excessive aliasing (its aliases expand"
                        + " it far beyond its own size)"));
  }

  @Test
  void manifestsRefuseAnAliasBomb() {
    assertTimeoutPreemptively(
        BOUND,
        () ->
            assertThatThrownBy(() -> Manifests.parse(AliasBombs.configMap(), "m.yaml"))
                .isInstanceOf(UserError.class)
                .hasMessageContaining("excessive aliasing"));
  }

  @Test
  void kubeconfigsRefuseAnAliasBomb() {
    String kubeconfig =
        "apiVersion: v1\nkind: Config\npreferences:\n" + AliasBombs.anchors(10, 10, "  ");
    assertTimeoutPreemptively(
        BOUND,
        () ->
            assertThatThrownBy(() -> Kubeconfig.parse(kubeconfig, "kubeconfig"))
                .isInstanceOf(UserError.class)
                .hasMessageContaining("excessive aliasing"));
  }

  @Test
  void acceptsAliasesThatExpandLittle() {
    StringBuilder yaml = new StringBuilder("base: &b {cpu: '1', memory: 1Gi}\n");
    for (int i = 0; i < 300; i++) {
      yaml.append("c").append(i).append(": *b\n");
    }
    assertThat(YamlInput.compose(yaml.toString(), "many.yaml", new Resolver())).hasSize(1);
  }

  @Test
  void refusesAnAnchorThatContainsItself() {
    assertThatThrownBy(() -> YamlInput.check("a: &a [x, *a]\n", "loop.yaml"))
        .isInstanceOf(UserError.class)
        .hasMessageContaining("anchor's value contains an alias of itself");
  }

  @Test
  void refusesNestingDeeperThanTheLimit() {
    String deep = "[".repeat(YamlInput.MAX_DEPTH + 1) + "]".repeat(YamlInput.MAX_DEPTH + 1);
    assertThatThrownBy(() -> YamlInput.check(deep, "deep.yaml"))
        .isInstanceOf(UserError.class)
        .hasMessage("deep.yaml: the YAML nests deeper than 100 levels");
  }

  @Test
  void refusesNestingThatAliasesMakeDeeperThanTheLimit() {
    String half = "[".repeat(60) + "]".repeat(60);
    String yaml = "a: &a " + half + "\nb: " + "[".repeat(60) + "*a" + "]".repeat(60) + "\n";
    assertThatThrownBy(() -> YamlInput.check(yaml, "deep.yaml"))
        .isInstanceOf(UserError.class)
        .hasMessage("deep.yaml: the YAML nests deeper than 100 levels");
  }

  @Test
  void namesTheLineOfASyntaxError() {
    assertThatThrownBy(() -> YamlInput.check("a: b\r\nc: |\n  text\nd: [\n", "bad.yaml"))
        .isInstanceOfSatisfying(
            MarkedYAMLException.class, e -> assertThat(e.getProblemMark().getLine()).isEqualTo(4));
  }

  @Test
  void readsAMegabytesLongPlainScalarWhole() {
    String value = "a".repeat(10_000_000);
    List<Node> documents = YamlInput.compose("v: " + value + "\n", "long.yaml", new Resolver());
    ScalarNode scalar =
        (ScalarNode) ((MappingNode) documents.get(0)).getValue().get(0).getValueNode();
    assertThat(scalar.getValue()).isEqualTo(value);
  }
}
