package dev.tfsdeploy.overlay;

import static dev.tfsdeploy.overlay.StrategicMergeTest.object;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tfsdeploy.UserError;
import dev.tfsdeploy.yaml.YamlReader;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonPatchTest {
  private static final String SERVICE =
      """
      apiVersion: v1
      kind: Service
      metadata:
        name: serving
      spec:
        ports:
        - name: grpc
          port: 8500
        - name: rest
          port: 8501
      """;

  @Test
  void addWithADashAppendsToTheList() {
    Map<String, Object> service =
        patched("- op: add\n  path: /spec/ports/-\n  value: {name: metrics, port: 9090}\n");

    assertThat(Fields.map(service, "spec").get("ports"))
        .asList()
        .hasSize(3)
        .last()
        .isEqualTo(Map.of("name", "metrics", "port", 9090L));
  }

  @Test
  void aSlashInAKeyIsWrittenAsTildeOne() {
    Map<String, Object> service =
        patched(
            "- op: add\n  path: /metadata/annotations\n  value: {}\n"
                + "- op: add\n  path: /metadata/annotations/example.com~1team\n  value: ml\n");

    assertThat(Fields.map(Fields.map(service, "metadata"), "annotations"))
        .containsEntry("example.com/team", "ml");
  }

  @Test
  void moveTakesTheValueAwayFromItsSource() {
    Map<String, Object> service =
        patched("- op: move\n  from: /spec/ports/0\n  path: /spec/ports/1\n");

    List<?> ports = (List<?>) Fields.map(service, "spec").get("ports");

    assertThat(ports.stream().map(port -> (Object) ((Map<?, ?>) port).get("name")))
        .containsExactly("rest", "grpc");
  }

  @Test
  void replacingAMissingFieldFailsNamingTheOperationAndTheTarget() {
    assertThatThrownBy(() -> patched("- op: replace\n  path: /spec/type\n  value: NodePort\n"))
        .isInstanceOf(UserError.class)
        .hasMessage(
            "patch.yaml: JSON patch operation replace /spec/type failed on Service serving: missing"
                + " key type");
  }

  @Test
  void aFailedTestOperationFailsThePatch() {
    assertThatThrownBy(() -> patched("- op: test\n  path: /spec/ports/0/port\n  value: 1\n"))
        .isInstanceOf(UserError.class)
        .hasMessageContaining("testing value /spec/ports/0/port failed");
  }

  @Test
  void anIndexWithALeadingZeroIsRefused() {
    assertThatThrownBy(() -> patched("- op: remove\n  path: /spec/ports/01\n"))
        .isInstanceOf(UserError.class)
        .hasMessageContaining("index 01 out of range");
  }

  @Test
  void anUnknownOperationIsRefusedWhenThePatchIsRead() {
    assertThatThrownBy(() -> JsonPatch.of(operations("- op: merge\n  path: /spec\n"), "patch.yaml"))
        .isInstanceOf(UserError.class)
        .hasMessage("patch.yaml: unknown JSON patch operation 'merge'");
  }

  @Test
  void copyWithoutFromIsRefusedWhenThePatchIsRead() {
    assertThatThrownBy(
            () -> JsonPatch.of(operations("- op: copy\n  path: /spec/x\n"), "patch.yaml"))
        .isInstanceOf(UserError.class)
        .hasMessage("patch.yaml: JSON patch operation 'copy' needs 'from'");
  }

  private static Map<String, Object> patched(String patch) {
    Map<String, Object> service = object(SERVICE);
    JsonPatch.of(operations(patch), "patch.yaml").apply(service, "Service serving");
    return service;
  }

  private static List<?> operations(String yaml) {
    return (List<?>) YamlReader.document(yaml, "patch.yaml");
  }
}
