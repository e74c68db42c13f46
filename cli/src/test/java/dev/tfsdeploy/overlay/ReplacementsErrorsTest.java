package dev.tfsdeploy.overlay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.tfsdeploy.UserError;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Replacements that kustomize rejects are errors here too: one line naming the kustomization file
 * and the replacement. Each test also checks that {@code kubectl kustomize} fails on the same
 * input, so the renderer errs exactly where kustomize does.
 */
class ReplacementsErrorsTest {
  private static final String OBJECTS =
      """
      apiVersion: v1
      kind: ConfigMap
      metadata: {name: settings}
      data: {model: resnet, path: models/resnet}
      ---
      apiVersion: v1
      kind: ConfigMap
      metadata: {name: other}
      data: {model: bert}
      ---
      apiVersion: apps/v1
      kind: Deployment
      metadata: {name: serving}
      spec:
        replicas: 1
        template:
          spec:
            containers:
            - name: serving
              image: tensorflow/serving:2.14.1
      """;

  @TempDir Path dir;

  /**
   * Renders a kustomization of {@link #OBJECTS} with these replacements; returns the error,
   * checking kubectl fails too.
   */
  private UserError failure(String replacements) throws IOException {
    Files.writeString(dir.resolve("objects.yaml"), OBJECTS);
    Files.writeString(
        dir.resolve("kustomization.yaml"),
        "resources:\n- objects.yaml\nreplacements:\n" + replacements);
    Throwable thrown = catchThrowable(() -> Kustomization.load(dir).render(RenderOptions.DEFAULT));
    assertThat(thrown).isInstanceOf(UserError.class);
    assertThat(KubectlKustomize.run(dir).exitCode()).as("kubectl kustomize fails too").isNotZero();
    assertThat(thrown.getMessage())
        .doesNotContain("\n")
        .startsWith(dir.resolve("kustomization.yaml") + ": ");
    return (UserError) thrown;
  }

  @Test
  void aSourceSelectingNothingIsAnError() throws IOException {
    UserError error =
        failure(
            """
            - source: {kind: Secret, name: settings}
              targets:
              - select: {kind: Deployment}
            """);
    assertThat(error)
        .hasMessageEndingWith(
            "replacements[0].source selects no object (kind: Secret, name: settings)");
  }

  @Test
  void aSourceSelectingSeveralObjectsIsAnError() throws IOException {
    UserError error =
        failure(
            """
            - source: {kind: ConfigMap, fieldPath: data.model}
              targets:
              - select: {kind: Deployment}
            """);
    assertThat(error)
        .hasMessageEndingWith(
            "replacements[0].source (kind: ConfigMap) selects more than one object: ConfigMap"
                + " settings, ConfigMap other");
  }

  @Test
  void aMissingSourceFieldIsAnError() throws IOException {
    UserError error =
        failure(
            """
            - source: {kind: ConfigMap, name: settings, fieldPath: data.missing}
              targets:
              - select: {kind: Deployment}
            """);
    assertThat(error)
        .hasMessageEndingWith(
            "replacements[0].source: fieldPath 'data.missing' is missing in ConfigMap settings");
  }

  @Test
  void aSourceIndexOutOfRangeIsAnError() throws IOException {
    UserError error =
        failure(
            """
            - source:
                kind: ConfigMap
                name: settings
                fieldPath: data.path
                options: {delimiter: /, index: 2}
              targets:
              - select: {kind: Deployment}
            """);
    assertThat(error)
        .hasMessageContaining(
            "replacements[0].source: options.index 2 is out of bounds for value 'models/resnet'"
                + " split on '/' (2 parts)");
  }

  @Test
  void aMissingTargetFieldWithoutCreateIsAnError() throws IOException {
    UserError error =
        failure(
            """
            - source: {kind: ConfigMap, name: settings, fieldPath: data.model}
              targets:
              - select: {kind: Deployment}
                fieldPaths: [spec.template.metadata.labels.model]
            """);
    assertThat(error)
        .hasMessageEndingWith(
            "replacements[0].targets[0]: unable to find field 'spec.template.metadata.labels.model'"
                + " in Deployment serving");
    assertThat(error.fix()).contains("options.create: true");
  }

  @Test
  void aListSelectorWithoutEqualsIsAnError() throws IOException {
    UserError error =
        failure(
            """
            - source: {kind: ConfigMap, name: settings, fieldPath: data.model}
              targets:
              - select: {kind: Deployment}
                fieldPaths:
                - spec.template.spec.containers.[serving].image
            """);
    assertThat(error)
        .hasMessageContaining(
            "replacements[0].targets[0]: fieldPath 'spec.template.spec.containers.[serving].image'"
                + " in Deployment serving: list path element '[serving]' must be "
                + "[fieldName=fieldValue]");
  }

  @Test
  void aTargetPathThroughAListWithoutIndexIsAnError() throws IOException {
    UserError error =
        failure(
            """
            - source: {kind: ConfigMap, name: settings, fieldPath: data.model}
              targets:
              - select: {kind: Deployment}
                fieldPaths: [spec.template.spec.containers.image]
            """);
    assertThat(error)
        .hasMessageContaining("'image' needs a map but spec.template.spec.containers is a list");
  }

  @Test
  void aTargetIndexPastTheEndIsAnError() throws IOException {
    UserError error =
        failure(
            """
            - source: {kind: ConfigMap, name: settings, fieldPath: data.model}
              targets:
              - select: {kind: Deployment}
                options: {create: true}
                fieldPaths: [spec.template.spec.containers.2.name]
            """);
    assertThat(error).hasMessageContaining("index 2 specified but only 1 elements found");
  }

  @Test
  void aStringIntoANumberFieldIsAnError() throws IOException {
    UserError error =
        failure(
            """
            - source: {kind: ConfigMap, name: settings, fieldPath: data.model}
              targets:
              - select: {kind: Deployment}
                fieldPaths: [spec.replicas]
            """);
    assertThat(error)
        .hasMessageContaining("kustomize cannot write 'resnet' into the int at spec.replicas");
  }

  @Test
  void aWildcardInASourceIsAnError() throws IOException {
    UserError error =
        failure(
            """
            - source: {kind: Deployment, fieldPath: spec.template.spec.containers.*.image}
              targets:
              - select: {kind: ConfigMap, name: settings}
                fieldPaths: [data.model]
            """);
    assertThat(error)
        .hasMessageContaining(
            "replacements[0].source: fieldPath 'spec.template.spec.containers.*.image': "
                + "a source cannot use the wildcard *");
  }

  @Test
  void aReplacementWithoutTargetsIsAnError() throws IOException {
    UserError error =
        failure(
            """
            - source: {kind: ConfigMap, name: settings}
              targets: []
            """);
    assertThat(error)
        .hasMessageEndingWith("replacements[0] needs a source and at least one target");
  }

  @Test
  void aTargetWithoutSelectIsAnError() throws IOException {
    UserError error =
        failure(
            """
            - source: {kind: ConfigMap, name: settings}
              targets:
              - fieldPaths: [metadata.name]
            """);
    assertThat(error).hasMessageEndingWith("replacements[0].targets[0] needs select");
  }

  @Test
  void aPathWithAnInlineReplacementIsAnError() throws IOException {
    Files.writeString(
        dir.resolve("more.yaml"), "source: {kind: ConfigMap, name: settings}\ntargets: []\n");
    UserError error =
        failure(
            """
            - path: more.yaml
              source: {kind: ConfigMap, name: settings}
            """);
    assertThat(error)
        .hasMessageEndingWith("replacements[0] sets both path and an inline replacement");
  }

  @Test
  void aBadReplacementInAFileNamesTheFileAndEntry() throws IOException {
    Files.writeString(
        dir.resolve("more.yaml"),
        """
        - source: {kind: ConfigMap, name: settings, fieldPath: data.model}
          targets:
          - select: {kind: Deployment}
        - source: {kind: ConfigMap, name: nowhere}
          targets:
          - select: {kind: Deployment}
        """);
    UserError error = failure("- path: more.yaml\n");
    assertThat(error)
        .hasMessageEndingWith(
            "replacements[0] (more.yaml[1]).source selects no object (kind: ConfigMap, "
                + "name: nowhere)");
  }
}
