package dev.tfsdeploy.yaml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tfsdeploy.UserError;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Scalars are typed as go-yaml v3 (kyaml) types them, not as SnakeYAML's YAML 1.1 rules would. */
class YamlReaderTest {
  @Test
  void aPlainYesStaysAString() {
    assertThat(value("yes")).isEqualTo("yes");
  }

  @Test
  void aLeadingZeroMakesAnOctalInteger() {
    assertThat(value("017")).isEqualTo(15L);
  }

  @Test
  void underscoresMayGroupDigits() {
    assertThat(value("1_000")).isEqualTo(1000L);
  }

  @Test
  void aQuotedNumberIsAString() {
    assertThat(value("\"8501\"")).isEqualTo("8501");
  }

  @Test
  void floatsAndNullsAreTyped() {
    assertThat(value("1.5")).isEqualTo(1.5);
    assertThat(value("~")).isNull();
  }

  @Test
  void yaml11TypingReadsYesAsTrue() {
    assertThat(YamlReader.documentsYaml11("k: yes\n", "patch.yaml"))
        .containsExactly(Map.of("k", true));
  }

  @Test
  void annotationValuesKeepTheirSourceText() {
    Object document =
        YamlReader.document("metadata:\n  annotations:\n    replicas: 017\n", "a.yaml");

    assertThat(document)
        .isEqualTo(Map.of("metadata", Map.of("annotations", Map.of("replicas", "017"))));
  }

  @Test
  void aRepeatedKeyIsAUserErrorUnlessTheLastWins() {
    assertThatThrownBy(() -> YamlReader.document("k: 1\nk: 2\n", "a.yaml"))
        .isInstanceOf(UserError.class);
    assertThat(YamlReader.documentLastKeyWins("k: 1\nk: 2\n", "a.yaml")).isEqualTo(Map.of("k", 2L));
  }

  @Test
  void emptyDocumentsAreSkipped() {
    assertThat(YamlReader.documents("---\n---\nk: v\n---\n", "a.yaml"))
        .containsExactly(Map.of("k", "v"));
  }

  @Test
  void invalidYamlIsAUserErrorNamingTheSourceAndLine() {
    assertThatThrownBy(() -> YamlReader.documents("k: v\n  bad: [\n", "a.yaml"))
        .isInstanceOf(UserError.class)
        .hasMessageStartingWith("a.yaml: invalid YAML at line 2");
  }

  private static Object value(String text) {
    return ((Map<?, ?>) YamlReader.document("k: " + text + "\n", "a.yaml")).get("k");
  }
}
