package dev.tfsdeploy.overlay;

import static dev.tfsdeploy.overlay.StrategicMergeTest.object;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tfsdeploy.UserError;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Field paths as kyaml splits and reads them (SmarterPathSplitter, PathGetter). */
class FieldPathTest {
  private static final Resource DEPLOYMENT =
      new Resource(
          object(
              """
              apiVersion: apps/v1
              kind: Deployment
              metadata:
                name: serving
                labels:
                  app.kubernetes.io/name: serving
              spec:
                template:
                  spec:
                    containers:
                    - name: sidecar
                      image: side:1
                    - name: serving
                      image: tfs:1
              """),
          "deployment.yaml");

  @Test
  void anEscapedDotIsPartOfAKey() {
    assertThat(FieldPath.split("metadata.annotations.example\\.com/team"))
        .containsExactly("metadata", "annotations", "example.com/team");
  }

  @Test
  void aBracketedKeyKeepsItsDotsAndLosesItsBrackets() {
    assertThat(FieldPath.split("metadata.labels.[app.kubernetes.io/name]"))
        .containsExactly("metadata", "labels", "app.kubernetes.io/name");
  }

  @Test
  void aListSelectorKeepsItsBrackets() {
    assertThat(FieldPath.split("spec.containers.[name=serving.v1].image"))
        .containsExactly("spec", "containers", "[name=serving.v1]", "image");
  }

  @Test
  void aListSelectorWithoutAnEqualsSignIsAUserError() {
    assertThatThrownBy(() -> FieldPath.listSelector("[serving]", "replacement"))
        .isInstanceOf(UserError.class)
        .hasMessage("replacement: list path element '[serving]' must be [fieldName=fieldValue]");
  }

  @Test
  void aSourceIsFoundThroughAListSelector() {
    FieldPath.Slot slot =
        FieldPath.source(
            DEPLOYMENT, "spec.template.spec.containers.[name=serving].image", "replacement");

    assertThat(slot.get()).isEqualTo("tfs:1");
  }

  @Test
  void aSourceIsFoundThroughAListIndex() {
    assertThat(
            FieldPath.source(DEPLOYMENT, "spec.template.spec.containers.0.name", "replacement")
                .get())
        .isEqualTo("sidecar");
  }

  @Test
  void aMissingSourceIsAUserErrorNamingTheObject() {
    assertThatThrownBy(() -> FieldPath.source(DEPLOYMENT, "spec.replicas", "replacement"))
        .isInstanceOf(UserError.class)
        .hasMessage("replacement: fieldPath 'spec.replicas' is missing in Deployment serving");
  }

  @Test
  void theWholeMetadataIsRefusedAsASource() {
    assertThatThrownBy(
            () ->
                FieldPath.refuseBookkeeping(List.of("metadata"), "metadata", false, "replacement"))
        .isInstanceOf(UserError.class)
        .hasMessageContaining("kustomize would copy its build annotations");
  }

  @Test
  void indexesAreReadAsGoReadsThem() {
    assertThat(FieldPath.index("+3")).isEqualTo(3L);
    assertThat(FieldPath.index("-1")).isEqualTo(-1L);
    assertThat(FieldPath.index("0x1")).isNull();
  }
}
