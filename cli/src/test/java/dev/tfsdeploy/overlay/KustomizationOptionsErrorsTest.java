package dev.tfsdeploy.overlay;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tfsdeploy.UserError;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad sortOptions, patch options, label field specs and buildMetadata: kubectl kustomize refuses
 * them, and so does the renderer, with one line naming the field.
 */
class KustomizationOptionsErrorsTest {
  @TempDir Path dir;

  private void kustomization(String text) throws IOException {
    Files.writeString(
        dir.resolve("service.yaml"), "apiVersion: v1\nkind: Service\nmetadata: {name: s}\n");
    Files.writeString(dir.resolve("kustomization.yaml"), "resources: [service.yaml]\n" + text);
  }

  /** The renderer's error, after checking that kubectl kustomize refuses the same directory. */
  private String bothRefuse() {
    assertThat(KubectlKustomize.run(dir).exitCode()).as("kubectl kustomize refuses it").isNotZero();
    Throwable thrown =
        org.assertj.core.api.Assertions.catchThrowable(
            () -> Kustomization.load(dir).render(RenderOptions.DEFAULT));
    assertThat(thrown).isInstanceOf(UserError.class);
    assertThat(thrown.getMessage()).doesNotContain("\n");
    return thrown.getMessage();
  }

  @Test
  void refusesASortOrderOtherThanFifoOrLegacy() throws IOException {
    kustomization("sortOptions: {order: random}\n");
    assertThat(bothRefuse())
        .endsWith("the field 'sortOptions.order' must be one of [fifo, legacy]");
  }

  @Test
  void refusesLegacySortOptionsWithTheFifoOrder() throws IOException {
    kustomization("sortOptions: {order: fifo, legacySortOptions: {orderFirst: [Service]}}\n");
    assertThat(bothRefuse())
        .contains("'sortOptions.legacySortOptions' is set but the selected sort order is 'fifo'");
  }

  @Test
  void refusesAPatchOptionThatIsNotTrueOrFalse() throws IOException {
    kustomization(
        "patches:\n- target: {kind: Service}\n  options: {allowNameChange: \"yes\"}\n"
            + "  patch: '{kind: Service, metadata: {name: t}}'\n");
    assertThat(bothRefuse())
        .contains("field 'patches[0].options.allowNameChange' must be true or false");
  }

  @Test
  void refusesALabelFieldThatRepeatsABuiltinOneWithAnotherCreate() throws IOException {
    kustomization(
        "labels:\n- pairs: {a: b}\n  includeSelectors: true\n  fields:\n"
            + "  - {version: v1, kind: Service, path: spec/selector, create: false}\n");
    assertThat(bothRefuse())
        .contains("labels field 'spec/selector' of /v1/Service says create: false");
  }

  @Test
  void refusesALabelFieldWithoutAPath() throws IOException {
    kustomization("labels:\n- pairs: {a: b}\n  fields:\n  - {kind: Service}\n");
    assertThat(bothRefuse()).endsWith("labels[0].fields[0] needs 'path'");
  }
}
