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
 * The {@code configurations} field's transformer config files, where kubectl kustomize refuses them
 * (we refuse too, in one line) or where the renderer cannot follow it yet (refused by section
 * name). What both render is in the corpus cases configurations-*.
 */
class TransformerConfigTest {
  private static final String OBJECT =
      "apiVersion: example.com/v1\nkind: Model\nmetadata: {name: m}\nspec: {}\n";

  @TempDir Path dir;

  private void write(String name, String text) throws IOException {
    Path file = dir.resolve(name);
    Files.createDirectories(file.getParent());
    Files.writeString(file, text);
  }

  private void kustomization(String config) throws IOException {
    write("model.yaml", OBJECT);
    write("config.yaml", config);
    write(
        "kustomization.yaml",
        "commonLabels: {app: a}\nresources:\n- model.yaml\nconfigurations:\n- config.yaml\n");
  }

  private UserError renderError() {
    Throwable thrown = catchThrowable(() -> Kustomization.load(dir).render(RenderOptions.DEFAULT));
    assertThat(thrown).isInstanceOf(UserError.class);
    return (UserError) thrown;
  }

  private UserError refusedLikeKubectl() {
    assertThat(KubectlKustomize.run(dir).exitCode())
        .as("kubectl kustomize refuses it too")
        .isNotZero();
    return renderError();
  }

  @Test
  void aFieldSpecDifferingFromABuiltinOneOnlyInCreateIsRefused() throws IOException {
    kustomization("commonLabels:\n- path: metadata/labels\n  create: false\n");
    assertThat(refusedLikeKubectl())
        .hasMessage(
            dir.resolve("kustomization.yaml")
                + ": configurations 'config.yaml': the commonLabels field spec 'metadata/labels'"
                + " conflicts with an equal one whose 'create' differs (kustomize: conflicting"
                + " fieldspecs)");
  }

  @Test
  void aChildsFieldSpecConflictingWithItsParentsIsRefused() throws IOException {
    kustomization("replicas:\n- kind: Model\n  path: spec/size\n  create: true\n");
    write("base/kustomization.yaml", "configurations:\n- sizes.yaml\n");
    write("base/sizes.yaml", "replicas:\n- kind: Model\n  path: spec/size\n");
    write(
        "kustomization.yaml", "resources:\n- model.yaml\n- base\nconfigurations:\n- config.yaml\n");
    assertThat(refusedLikeKubectl())
        .hasMessageContaining("the replicas field spec 'spec/size' of kind Model conflicts");
  }

  @Test
  void aMissingConfigurationFileIsNamed() throws IOException {
    write("model.yaml", OBJECT);
    write("kustomization.yaml", "resources:\n- model.yaml\nconfigurations:\n- missing.yaml\n");
    assertThat(refusedLikeKubectl())
        .hasMessage(
            dir.resolve("kustomization.yaml") + ": configurations 'missing.yaml' does not exist");
  }

  @Test
  void inlineConfigurationYamlIsAFileNameToKustomizeFiveFive() throws IOException {
    write("model.yaml", OBJECT);
    write(
        "kustomization.yaml",
        "resources:\n- model.yaml\nconfigurations:\n- |\n  commonLabels:\n  - path: spec/x\n");
    assertThat(refusedLikeKubectl()).hasMessageContaining("does not exist");
  }

  @Test
  void aFileOutsideTheKustomizationIsRefused() throws IOException {
    write("model.yaml", OBJECT);
    write("kustomization.yaml", "resources:\n- model.yaml\nconfigurations:\n- ../config.yaml\n");
    Files.writeString(dir.getParent().resolve("config.yaml"), "commonLabels: []\n");
    try {
      assertThat(refusedLikeKubectl())
          .hasMessageContaining("configurations '../config.yaml' is not in or below");
    } finally {
      Files.delete(dir.getParent().resolve("config.yaml"));
    }
  }

  @Test
  void aFieldSpecWithoutPathIsRefused() throws IOException {
    kustomization("commonLabels:\n- kind: Model\n  create: true\n");
    assertThat(renderError())
        .hasMessage(
            dir.resolve("kustomization.yaml")
                + ": configurations 'config.yaml'"
                + ": a commonLabels field spec has no path");
  }

  @Test
  void sectionsForTransformersTheRendererCannotConfigureAreRefusedByName() throws IOException {
    for (String section : new String[] {"labels", "templateLabels"}) {
      kustomization(section + ":\n- kind: Model\n  path: spec/x\n");
      assertThat(renderError())
          .hasMessage(
              dir.resolve("kustomization.yaml")
                  + ": configurations 'config.yaml': the '"
                  + section
                  + "' section is not supported by the tfs-deploy renderer");
    }
  }

  @Test
  void anImageFieldSpecReachingAMapIsRefused() throws IOException {
    write(
        "model.yaml",
        "apiVersion: example.com/v1\n"
            + "kind: Model\n"
            + "metadata: {name: m}\n"
            + "spec:\n"
            + "  runtime: {image: tfs}\n");
    write("config.yaml", "images:\n- kind: Model\n  path: spec/runtime\n");
    write(
        "kustomization.yaml",
        "resources:\n"
            + "- model.yaml\n"
            + "images:\n"
            + "- {name: tfs, newTag: '2'}\n"
            + "configurations:\n"
            + "- config.yaml\n");
    assertThat(refusedLikeKubectl())
        .hasMessageContaining("spec/runtime of Model m is not a string");
  }

  @Test
  void aReplicasRuleMatchingNoConfiguredKindNamesTheConfiguredKinds() throws IOException {
    kustomization("replicas:\n- kind: Model\n  path: spec/size\n  create: true\n");
    write(
        "kustomization.yaml",
        "resources:\n- model.yaml\nreplicas:\n- {name: absent, count: 2}\n"
            + "configurations:\n- config.yaml\n");
    assertThat(refusedLikeKubectl())
        .hasMessage(
            dir.resolve("kustomization.yaml")
                + ": replicas: resource with name absent does not match any kind with a replicas"
                + " field: Deployment, StatefulSet, Model, ReplicaSet, ReplicationController");
  }

  @Test
  void anUnknownSectionIsRefused() throws IOException {
    kustomization("commonLabel:\n- path: spec/x\n");
    assertThat(renderError()).hasMessageContaining("unknown section 'commonLabel'");
  }
}
