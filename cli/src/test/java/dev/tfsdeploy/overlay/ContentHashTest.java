package dev.tfsdeploy.overlay;

import static dev.tfsdeploy.overlay.StrategicMergeTest.object;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Generated names' suffixes; the expected ones are kubectl kustomize's (v5) for a
 * configMapGenerator with literals MODEL_NAME=half_plus_two and PORT=8501, and a secretGenerator
 * with the literal key=value.
 */
class ContentHashTest {
  private static final String CONFIG_MAP =
      """
      apiVersion: v1
      kind: ConfigMap
      metadata:
        name: settings
      data:
        MODEL_NAME: half_plus_two
        PORT: "8501"
      """;

  @Test
  void aConfigMapsSuffixIsKubectls() {
    assertThat(ContentHash.of(object(CONFIG_MAP))).isEqualTo("d2c9454h7m");
  }

  @Test
  void aSecretsSuffixIsKubectls() {
    Map<String, Object> secret =
        object(
            "apiVersion: v1\n"
                + "kind: Secret\n"
                + "metadata:\n"
                + "  name: token\n"
                + "type: Opaque\n"
                + "data:\n"
                + "  key: dmFsdWU=\n");

    assertThat(ContentHash.of(secret)).isEqualTo("55ff4k8ggt");
  }

  @Test
  void theNameDoesNotChangeTheSuffix() {
    Map<String, Object> renamed = object(CONFIG_MAP.replace("name: settings", "name: other"));

    assertThat(ContentHash.of(renamed)).isEqualTo(ContentHash.of(object(CONFIG_MAP)));
  }

  @Test
  void theDataChangesTheSuffix() {
    Map<String, Object> changed = object(CONFIG_MAP.replace("\"8501\"", "\"8502\""));

    assertThat(ContentHash.of(changed)).isNotEqualTo(ContentHash.of(object(CONFIG_MAP)));
  }

  @Test
  void theJsonSummaryEscapesHtmlCharactersAndSortsKeysAsGoDoes() {
    Map<String, Object> value = new LinkedHashMap<>();
    value.put("b", "<a&b>");
    value.put("a", 1L);

    assertThat(ContentHash.goJson(value)).isEqualTo("{\"a\":1,\"b\":\"\\u003ca\\u0026b\\u003e\"}");
  }
}
