package dev.tfsdeploy.overlay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.tfsdeploy.UserError;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kustomize's load restrictor: every file a kustomization reads, symbolic links resolved, lies in
 * or below its directory; bases and components are new roots, relative and not above a root that
 * led to them. Each case is compared with {@code kubectl kustomize}: same output, or both refuse.
 */
class LoadRestrictionsTest {
  private static final String CONFIG_MAP =
      "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: inside}\ndata: {a: b}\n";

  @TempDir Path temp;
  private Path root;
  private Path outside;

  @BeforeEach
  void tree() throws IOException {
    root = Files.createDirectories(temp.resolve("root"));
    outside = Files.createDirectories(temp.resolve("outside"));
    Files.writeString(outside.resolve("credentials"), "TOKEN=runner-secret\n");
    Files.writeString(outside.resolve("object.yaml"), CONFIG_MAP.replace("inside", "outside"));
    Files.writeString(
        outside.resolve("patch.yaml"),
        "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: inside}\ndata: {x: y}\n");
    Files.writeString(
        outside.resolve("replacements.yaml"),
        "- source: {kind: ConfigMap, name: inside, fieldPath: data.a}\n"
            + "  targets:\n"
            + "  - select: {kind: ConfigMap}\n"
            + "    fieldPaths: [data.a]\n");
    write("inside.yaml", CONFIG_MAP);
  }

  private void write(String name, String text) throws IOException {
    Path file = root.resolve(name);
    Files.createDirectories(file.getParent());
    Files.writeString(file, text);
  }

  private void link(String name, Path target) throws IOException {
    Path link = root.resolve(name);
    Files.createDirectories(link.getParent());
    Files.createSymbolicLink(link, link.getParent().relativize(target));
  }

  private UserError refusedLikeKubectl() {
    assertThat(KubectlKustomize.run(root).exitCode())
        .as("kubectl kustomize refuses it too")
        .isNotZero();
    Throwable thrown = catchThrowable(() -> Kustomization.load(root).render(RenderOptions.DEFAULT));
    assertThat(thrown).isInstanceOf(UserError.class);
    return (UserError) thrown;
  }

  private void rendersLikeKubectl() {
    assertThat(Kustomization.load(root).render(RenderOptions.DEFAULT).yaml())
        .isEqualTo(KubectlKustomize.render(root));
  }

  @Test
  void refusesAGeneratorFileThatLinksOutsideTheRoot() throws IOException {
    link("credentials", outside.resolve("credentials"));
    write("kustomization.yaml", "secretGenerator:\n- name: s\n  files: [credentials]\n");
    assertThat(refusedLikeKubectl().getMessage())
        .contains("file 'credentials' is not in or below " + root.toRealPath())
        .doesNotContain("runner-secret");
  }

  @Test
  void refusesAGeneratorFileBelowALinkedDirectory() throws IOException {
    link("sub/shared", outside);
    write(
        "kustomization.yaml",
        "configMapGenerator:\n- name: c\n  files: [sub/shared/credentials]\n");
    assertThat(refusedLikeKubectl().getMessage()).contains("is not in or below");
  }

  @Test
  void refusesAnEnvFileThatLinksOutsideWithoutQuotingIt() throws IOException {
    link("app.env", outside.resolve("credentials"));
    write("kustomization.yaml", "configMapGenerator:\n- name: c\n  envs: [app.env]\n");
    assertThat(refusedLikeKubectl().getMessage())
        .contains("env file 'app.env' is not in or below")
        .doesNotContain("runner-secret");
  }

  @Test
  void refusesAResourceThatLinksOutsideTheRoot() throws IOException {
    link("object.yaml", outside.resolve("object.yaml"));
    write("kustomization.yaml", "resources: [object.yaml]\n");
    assertThat(refusedLikeKubectl().getMessage())
        .contains("resource 'object.yaml' is not in or below");
  }

  @Test
  void refusesAPatchThatLinksOutsideTheRoot() throws IOException {
    link("patch.yaml", outside.resolve("patch.yaml"));
    write("kustomization.yaml", "resources: [inside.yaml]\npatches:\n- path: patch.yaml\n");
    assertThat(refusedLikeKubectl().getMessage()).contains("patch 'patch.yaml' is not in or below");
  }

  @Test
  void refusesALegacyStrategicMergePatchThatLinksOutsideTheRoot() throws IOException {
    link("patch.yaml", outside.resolve("patch.yaml"));
    write("kustomization.yaml", "resources: [inside.yaml]\npatchesStrategicMerge:\n- patch.yaml\n");
    assertThat(refusedLikeKubectl().getMessage()).contains("patch 'patch.yaml' is not in or below");
  }

  @Test
  void refusesAReplacementsFileThatLinksOutsideTheRoot() throws IOException {
    link("replacements.yaml", outside.resolve("replacements.yaml"));
    write(
        "kustomization.yaml",
        "resources: [inside.yaml]\nreplacements:\n- path: replacements.yaml\n");
    assertThat(refusedLikeKubectl().getMessage())
        .contains("replacements path 'replacements.yaml' is not in or below");
  }

  @Test
  void refusesAKustomizationFileThatLinksOutsideItsDirectory() throws IOException {
    Files.writeString(outside.resolve("kustomization.yaml"), "resources: [inside.yaml]\n");
    link("kustomization.yaml", outside.resolve("kustomization.yaml"));
    assertThat(refusedLikeKubectl().getMessage()).contains("outside " + root.toRealPath());
  }

  @Test
  void refusesAnAbsolutePathOutsideTheRoot() throws IOException {
    write(
        "kustomization.yaml",
        "configMapGenerator:\n- name: c\n  files: [" + outside.resolve("credentials") + "]\n");
    assertThat(refusedLikeKubectl().getMessage()).contains("is not in or below");
  }

  @Test
  void readsAnAbsolutePathInsideTheRootAsKubectlDoes() throws IOException {
    write("kustomization.yaml", "resources: [" + root.resolve("inside.yaml") + "]\n");
    rendersLikeKubectl();
  }

  @Test
  void readsALinkThatStaysInsideTheRoot() throws IOException {
    link("alias.yaml", root.resolve("inside.yaml"));
    write("kustomization.yaml", "resources: [alias.yaml]\n");
    rendersLikeKubectl();
  }

  @Test
  void readsABaseOutsideTheRootAsANewRoot() throws IOException {
    Files.writeString(outside.resolve("kustomization.yaml"), "resources: [object.yaml]\n");
    write("kustomization.yaml", "resources: [../outside]\n");
    rendersLikeKubectl();
  }

  @Test
  void readsAComponentThroughALinkedDirectoryAsANewRoot() throws IOException {
    Path component = Files.createDirectories(temp.resolve("component"));
    Files.writeString(
        component.resolve("kustomization.yaml"),
        "apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\ncommonLabels: {c: d}\n");
    link("component", component);
    write("kustomization.yaml", "resources: [inside.yaml]\ncomponents: [component]\n");
    rendersLikeKubectl();
  }

  @Test
  void refusesAnAbsoluteComponentPath() throws IOException {
    Path component = Files.createDirectories(root.resolve("component"));
    Files.writeString(
        component.resolve("kustomization.yaml"),
        "apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\ncommonLabels: {c: d}\n");
    write("kustomization.yaml", "resources: [inside.yaml]\ncomponents: [" + component + "]\n");
    assertThat(refusedLikeKubectl().getMessage()).contains("is an absolute directory");
  }

  @Test
  void refusesAnAbsoluteBasePath() throws IOException {
    Files.writeString(outside.resolve("kustomization.yaml"), "resources: [object.yaml]\n");
    write("kustomization.yaml", "resources: [" + outside + "]\n");
    assertThat(refusedLikeKubectl().getMessage()).contains("is an absolute directory");
  }

  @Test
  void refusesAnEmptyComponentEntry() throws IOException {
    write("kustomization.yaml", "resources: [inside.yaml]\ncomponents: ['']\n");
    assertThat(refusedLikeKubectl().getMessage()).contains("components has an empty entry");
  }

  @Test
  void refusesABaseAboveTheKustomizationThatListsIt() throws IOException {
    Files.writeString(temp.resolve("kustomization.yaml"), "resources: [outside/object.yaml]\n");
    write("kustomization.yaml", "resources: [inside.yaml, ..]\n");
    assertThat(refusedLikeKubectl().getMessage())
        .contains("kustomization cycle")
        .contains("which is above");
  }

  @Test
  void refusesAKustomizationThatIsNotUtf8AsSuch() throws IOException {
    Files.write(root.resolve("kustomization.yaml"), new byte[] {'#', ' ', (byte) 0xff, '\n'});
    assertThat(refusedLikeKubectl().oneLine())
        .isEqualTo(
            root.toRealPath().resolve("kustomization.yaml")
                + " is not valid UTF-8 text — save it as UTF-8");
  }
}
