package dev.tfsdeploy.yaml;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Expected texts are kubectl kustomize's (v5) output for the same ConfigMap data. */
class YamlWriterTest {
  @Test
  void stringsGoYamlWouldReadAsAnotherTypeAreDoubleQuoted() {
    assertThat(written("123")).isEqualTo("k: \"123\"\n");
    assertThat(written("1e3")).isEqualTo("k: \"1e3\"\n");
    assertThat(written("on")).isEqualTo("k: \"on\"\n");
    assertThat(written("null")).isEqualTo("k: \"null\"\n");
    assertThat(written("")).isEqualTo("k: \"\"\n");
    assertThat(written("2001-12-14")).isEqualTo("k: \"2001-12-14\"\n");
    assertThat(written("1:20")).isEqualTo("k: \"1:20\"\n");
  }

  @Test
  void stringsThatCannotBePlainAreSingleQuoted() {
    assertThat(written("key: value")).isEqualTo("k: 'key: value'\n");
    assertThat(written("# not a comment")).isEqualTo("k: '# not a comment'\n");
    assertThat(written(" leading space")).isEqualTo("k: ' leading space'\n");
  }

  @Test
  void otherStringsArePlain() {
    assertThat(written("hello world")).isEqualTo("k: hello world\n");
  }

  @Test
  void aKeyGoYamlWouldReadAsABoolIsQuotedToo() {
    assertThat(YamlWriter.write(Map.of("on", "x"))).isEqualTo("\"on\": x\n");
  }

  @Test
  void multiLineStringsAreLiteralBlocks() {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("multi", "line one\nline two\n");
    data.put("nul", "null");

    assertThat(YamlWriter.write(data))
        .isEqualTo("multi: |\n  line one\n  line two\nnul: \"null\"\n");
  }

  @Test
  void aLiteralBlockAtTheEndOfTheDocumentIsNotFollowedByABlankLine() {
    assertThat(written("a\nb\n")).isEqualTo("k: |\n  a\n  b\n");
  }

  @Test
  void numbersAndBoolsArePlainAsGoPrintsThem() {
    assertThat(written(8501L)).isEqualTo("k: 8501\n");
    assertThat(written(0.5)).isEqualTo("k: 0.5\n");
    assertThat(written(true)).isEqualTo("k: true\n");
    assertThat(written(null)).isEqualTo("k: null\n");
  }

  @Test
  void sequencesAreNotIndentedUnderTheirKey() {
    assertThat(written(List.of("a", Map.of("name", "b")))).isEqualTo("k:\n- a\n- name: b\n");
  }

  @Test
  void emptyCollectionsAreWrittenInFlowStyle() {
    assertThat(written(Map.of())).isEqualTo("k: {}\n");
    assertThat(written(List.of())).isEqualTo("k: []\n");
    assertThat(YamlWriter.write(Map.of())).isEqualTo("{}\n");
  }

  @Test
  void keysAreInGoYamlsOrder() {
    Map<String, Object> data = new LinkedHashMap<>();
    for (String key : List.of("b", "a10", "B", "a9")) {
      data.put(key, "x");
    }

    assertThat(YamlWriter.write(data)).isEqualTo("B: x\na9: x\na10: x\nb: x\n");
  }

  @Test
  void longPlainStringsAreFoldedPastColumnEighty() {
    String words = "word ".repeat(20).strip();

    assertThat(written(words))
        .isEqualTo("k: " + "word ".repeat(15) + "word\n  " + "word ".repeat(3) + "word\n");
  }

  private static String written(Object value) {
    Map<String, Object> document = new LinkedHashMap<>();
    document.put("k", value);
    return YamlWriter.write(document);
  }
}
