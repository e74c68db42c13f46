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
 * Patches (and replacement sources) whose object kustomize cannot tell, or that kustomize refuses,
 * are refused here too, never applied to a guess: each test checks the one-line error and that
 * {@code kubectl kustomize} fails too.
 */
class PatchTargetsTest {
  @TempDir Path dir;

  private static final String DEPLOYMENT =
      """
      apiVersion: apps/v1
      kind: Deployment
      metadata:
        name: model
      spec:
        template:
          spec:
            containers:
            - {name: serving, image: tfs}
      """;

  private void write(String name, String text) throws IOException {
    Path file = dir.resolve(name);
    Files.createDirectories(file.getParent());
    Files.writeString(file, text);
  }

  private UserError renderError(Path root) {
    assertThat(KubectlKustomize.run(root).exitCode()).as("kubectl kustomize fails too").isNotZero();
    Throwable thrown = catchThrowable(() -> Kustomization.load(root).render(RenderOptions.DEFAULT));
    assertThat(thrown).isInstanceOf(UserError.class);
    assertThat(thrown.getMessage()).doesNotContain("\n");
    return (UserError) thrown;
  }

  /** base/ holds Deployment model; canary/ a copy a JSON patch renamed to model-canary. */
  private void baseAndRenamedCopy() throws IOException {
    write("base/deployment.yaml", DEPLOYMENT);
    write("base/kustomization.yaml", "resources:\n- deployment.yaml\n");
    write(
        "canary/kustomization.yaml",
        """
        resources:
        - ../base
        patches:
        - target: {kind: Deployment}
          patch: |
            - {op: replace, path: /metadata/name, value: model-canary}
        """);
  }

  @Test
  void refusesAPatchWhoseIdIsOneObjectsNameAndAnotherObjectsEarlierName() throws IOException {
    baseAndRenamedCopy();
    write(
        "top/patch.yaml",
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: model\nspec:\n  replicas: 3\n");
    write(
        "top/kustomization.yaml",
        "resources:\n- ../base\n- ../canary\npatches:\n- path: patch.yaml\n");

    assertThat(renderError(dir.resolve("top")))
        .hasMessage(
            dir.resolve("top/patch.yaml")
                + ": the patch's id apps/v1 Deployment model matches several objects, by their"
                + " current or earlier names: [Deployment model, Deployment model-canary]; failed"
                + " to find unique target for patch");
  }

  @Test
  void refusesAPatchWithoutApiVersionAsMatchingNoObject() throws IOException {
    write("deployment.yaml", DEPLOYMENT);
    write("patch.yaml", "kind: Deployment\nmetadata:\n  name: model\nspec:\n  replicas: 3\n");
    write("kustomization.yaml", "resources:\n- deployment.yaml\npatches:\n- path: patch.yaml\n");

    assertThat(renderError(dir))
        .hasMessage(
            dir.resolve("patch.yaml")
                + ": no object has the patch's id (no apiVersion) Deployment model; failed to find"
                + " unique target for patch");
  }

  @Test
  void refusesAPatchOfAnotherApiVersionAsMatchingNoObject() throws IOException {
    write("deployment.yaml", DEPLOYMENT);
    write(
        "patch.yaml",
        "apiVersion: extensions/v1beta1\nkind: Deployment\nmetadata:\n  name: model\n");
    write(
        "kustomization.yaml",
        "resources:\n- deployment.yaml\npatchesStrategicMerge:\n- patch.yaml\n");

    assertThat(renderError(dir))
        .hasMessageContaining("no object has the patch's id extensions/v1beta1 Deployment model");
  }

  @Test
  void refusesATargetedStrategicMergePatchWithoutAName() throws IOException {
    write("deployment.yaml", DEPLOYMENT);
    write(
        "patch.yaml",
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  labels: {track: stable}\n");
    write(
        "kustomization.yaml",
        "resources:\n"
            + "- deployment.yaml\n"
            + "patches:\n"
            + "- path: patch.yaml\n"
            + "  target: {kind: Deployment}\n");

    assertThat(renderError(dir))
        .hasMessage(
            dir.resolve("patch.yaml")
                + ": a strategic merge patch must give kind and metadata.name");
  }

  @Test
  void refusesATargetedEntryHoldingSeveralStrategicMergePatches() throws IOException {
    write("deployment.yaml", DEPLOYMENT);
    write(
        "patches.yaml",
        """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: model, labels: {track: stable}}
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: model, annotations: {team: ml}}
        """);
    write(
        "kustomization.yaml",
        "resources:\n- deployment.yaml\npatches:\n- path: patches.yaml\n  target: {name: model}\n");

    assertThat(renderError(dir))
        .hasMessage(
            dir.resolve("patches.yaml")
                + ": a patches entry with a target may hold one strategic merge patch, not 2");
  }

  @Test
  void refusesAPatchByTheNameALegacyJson6902PatchRenamedFrom() throws IOException {
    write("base/deployment.yaml", DEPLOYMENT);
    write("base/rename.yaml", "- {op: replace, path: /metadata/name, value: renamed}\n");
    write(
        "base/kustomization.yaml",
        "resources:\n- deployment.yaml\npatchesJson6902:\n- path: rename.yaml\n"
            + "  target: {group: apps, version: v1, kind: Deployment, name: model}\n");
    write(
        "top/patch.yaml",
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: model\nspec:\n  replicas: 3\n");
    write("top/kustomization.yaml", "resources:\n- ../base\npatches:\n- path: patch.yaml\n");

    assertThat(renderError(dir.resolve("top")))
        .hasMessageContaining(
            "no object has the patch's id apps/v1 Deployment model; failed to find unique target"
                + " for patch");
  }

  @Test
  void refusesALegacyJson6902EntryWhoseTargetHasNoName() throws IOException {
    write("deployment.yaml", DEPLOYMENT);
    write("ops.yaml", "- {op: add, path: /spec/replicas, value: 2}\n");
    write(
        "kustomization.yaml",
        "resources:\n- deployment.yaml\npatchesJson6902:\n- path: ops.yaml\n"
            + "  target: {kind: Deployment}\n");

    assertThat(renderError(dir))
        .hasMessage(
            dir.resolve("kustomization.yaml") + ": a patchesJson6902 entry must name its target");
  }

  @Test
  void refusesAReplacementSourceNamingOneObjectAndAnotherObjectsEarlierName() throws IOException {
    baseAndRenamedCopy();
    write(
        "top/kustomization.yaml",
        """
        resources:
        - ../base
        - ../canary
        replacements:
        - source: {kind: Deployment, name: model, fieldPath: spec.template.spec.containers.0.image}
          targets:
          - select: {kind: Deployment, name: model-canary}
            fieldPaths: [metadata.annotations.image]
            options: {create: true}
        """);

    assertThat(renderError(dir.resolve("top")))
        .hasMessageContaining(
            "replacements[0].source (kind: Deployment, name: model) selects more than one object: "
                + "Deployment model, Deployment model-canary");
  }
}
