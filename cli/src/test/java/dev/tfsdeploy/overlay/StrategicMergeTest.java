package dev.tfsdeploy.overlay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tfsdeploy.UserError;
import dev.tfsdeploy.yaml.YamlReader;
import dev.tfsdeploy.yaml.YamlWriter;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Strategic merge patches of a Deployment; expected outputs are kubectl kustomize's (v5) for the
 * same patch.
 */
class StrategicMergeTest {
  private static final String DEPLOYMENT =
      """
      apiVersion: apps/v1
      kind: Deployment
      metadata:
        name: serving
        labels:
          app: serving
          tier: backend
      spec:
        replicas: 1
        template:
          spec:
            containers:
            - name: serving
              image: tfs:1
              args: ["--port=8500", "--rest_api_port=8501"]
              env:
              - name: A
                value: "1"
              - name: B
                value: "2"
            - name: sidecar
              image: side:1
      """;

  @Test
  void aNullInThePatchDeletesTheField() {
    String patched = patched("metadata:\n  labels:\n    tier: null\n");

    assertThat(patched)
        .contains("  labels:\n    app: serving\n  name: serving\n")
        .doesNotContain("tier");
  }

  @Test
  void listsWithAMergeKeyMergeByKeyThePatchsElementsFirstInItsOrderThenTheRest() {
    String patched =
        patched(
            """
            spec:
              template:
                spec:
                  containers:
                  - name: serving
                    env:
                    - name: B
                      value: "20"
                    - name: C
                      value: "3"
                  - name: extra
                    image: extra:1
            """);

    assertThat(patched)
        .contains(
            """
                  containers:
                  - args:
                    - --port=8500
                    - --rest_api_port=8501
                    env:
                    - name: B
                      value: "20"
                    - name: C
                      value: "3"
                    - name: A
                      value: "1"
                    image: tfs:1
                    name: serving
                  - image: extra:1
                    name: extra
                  - image: side:1
                    name: sidecar
            """);
  }

  @Test
  void listsWithoutAMergeKeyAreReplacedWhole() {
    String patched =
        patched(
            "spec:\n"
                + "  template:\n"
                + "    spec:\n"
                + "      containers:\n"
                + "      - name: serving\n"
                + "        args: [\"--port=9000\"]\n");

    assertThat(patched).contains("      - args:\n        - --port=9000\n        env:\n");
  }

  @Test
  void aDeleteDirectiveOnAnElementRemovesIt() {
    String patched =
        patched(
            "spec:\n"
                + "  template:\n"
                + "    spec:\n"
                + "      containers:\n"
                + "      - name: sidecar\n"
                + "        $patch: delete\n");

    assertThat(patched).doesNotContain("sidecar").contains("name: serving");
  }

  @Test
  void aReplaceDirectiveOnAMapReplacesItWhole() {
    String patched = patched("metadata:\n  labels:\n    $patch: replace\n    team: ml\n");

    assertThat(patched).contains("  labels:\n    team: ml\n  name: serving\n");
  }

  @Test
  void aReplaceDirectiveAsAListElementReplacesTheWholeList() {
    String patched =
        patched(
            "spec:\n"
                + "  template:\n"
                + "    spec:\n"
                + "      containers:\n"
                + "      - $patch: replace\n"
                + "      - name: only\n"
                + "        image: only:1\n");

    assertThat(patched).endsWith("      containers:\n      - image: only:1\n        name: only\n");
  }

  @Test
  void aDeleteDirectiveAtTheTopDeletesTheObject() {
    assertThat(StrategicMerge.apply(object(DEPLOYMENT), object("$patch: delete\n"), "patch.yaml"))
        .isNull();
  }

  @Test
  void anElementWithoutTheListsMergeKeyIsAUserErrorNamingTheKey() {
    assertThatThrownBy(
            () ->
                patched(
                    "spec:\n"
                        + "  template:\n"
                        + "    spec:\n"
                        + "      containers:\n"
                        + "      - image: nameless:1\n"))
        .isInstanceOf(UserError.class)
        .hasMessageContaining(
            "patch.yaml: an element of spec.template.spec.containers has no 'name'");
  }

  @Test
  void patchingAListOfScalarsKubernetesMergesAsASetIsRefusedSuggestingAJsonPatch() {
    assertThatThrownBy(() -> patched("metadata:\n  finalizers: [x]\n"))
        .isInstanceOf(UserError.class)
        .hasMessageContaining("patching the list metadata.finalizers")
        .extracting(e -> ((UserError) e).fix())
        .isEqualTo("write this change as a JSON 6902 patch");
  }

  /** The base Deployment with {@code patch} applied, as YAML. */
  private static String patched(String patch) {
    return YamlWriter.write(StrategicMerge.apply(object(DEPLOYMENT), object(patch), "patch.yaml"));
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> object(String yaml) {
    return (Map<String, Object>) YamlReader.document(yaml, "test.yaml");
  }
}
