package dev.tfsdeploy.overlay;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tfsdeploy.UserError;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the renderer cannot reproduce exactly is refused, naming the file and the field. */
class UnsupportedFeaturesTest {
  @TempDir Path dir;

  private void write(String name, String text) throws IOException {
    Path file = dir.resolve(name);
    Files.createDirectories(file.getParent());
    Files.writeString(file, text);
  }

  private UserError renderError() {
    Throwable thrown =
        org.assertj.core.api.Assertions.catchThrowable(
            () -> Kustomization.load(dir).render(RenderOptions.DEFAULT));
    assertThat(thrown).isInstanceOf(UserError.class);
    return (UserError) thrown;
  }

  private static final String SERVICE =
      """
      apiVersion: v1
      kind: Service
      metadata: {name: s}
      spec:
        ports:
        - {name: a, port: 80, protocol: TCP}
      """;

  @Test
  void refusesAnUnknownKustomizationField() throws IOException {
    write("kustomization.yaml", "resources: []\nnamePrefixes: x-\n");
    assertThat(renderError())
        .hasMessage(dir.resolve("kustomization.yaml") + ": unknown field 'namePrefixes'");
  }

  @Test
  void refusesKustomizeFieldsItDoesNotImplement() throws IOException {
    write("kustomization.yaml", "resources: []\nhelmCharts: []\n");
    assertThat(renderError())
        .hasMessageContaining("field 'helmCharts' is not supported by the tfs-deploy renderer");
  }

  @Test
  void refusesAnOpenapiCustomSchemaFile() throws IOException {
    write("kustomization.yaml", "resources: []\nopenapi: {path: schema.json}\n");
    assertThat(renderError())
        .hasMessageContaining(
            "field 'openapi.path' (a custom schema) is not supported by the tfs-deploy renderer");
  }

  @Test
  void refusesAnImagesNameWithRegularExpressionOperatorsBeyondDotAndStar() throws IOException {
    write("d.yaml", DEPLOYMENT);
    write(
        "kustomization.yaml",
        "resources: [d.yaml]\nimages:\n- {name: 'nginx[0-9]', newTag: '2'}\n");
    assertThat(renderError())
        .hasMessageContaining(
            "images name 'nginx[0-9]' is read by kustomize as a regular expression");
  }

  private static final String DEPLOYMENT =
      """
      apiVersion: apps/v1
      kind: Deployment
      metadata:
        name: d
        annotations: {team: ml}
      spec:
        replicas: 0x10
        template:
          metadata:
            annotations: {}
          spec:
            containers:
            - {name: serving, image: tfs}
      """;

  /**
   * A kustomization of {@link #DEPLOYMENT} and {@link #SERVICE} with one replacement from the
   * Deployment.
   */
  private void replacement(String fieldPath, String target) throws IOException {
    write("objects.yaml", DEPLOYMENT + "---\n" + SERVICE);
    write(
        "kustomization.yaml",
        "resources:\n- objects.yaml\nreplacements:\n- source: {kind: Deployment, fieldPath: "
            + fieldPath
            + "}\n  targets:\n  - select: {kind: Deployment}\n"
            + target);
  }

  @Test
  void refusesCopyingAWholeAnnotationsMap() throws IOException {
    replacement("metadata.annotations", "    fieldPaths: [spec.template.metadata.annotations]\n");
    assertThat(renderError())
        .hasMessageContaining(
            "replacements[0].source: fieldPath 'metadata.annotations' is not supported by the"
                + " tfs-deploy renderer");
  }

  @Test
  void refusesCopyingTheTextOfANumberWhoseSpellingItLost() throws IOException {
    replacement("spec.replicas", "    fieldPaths: [metadata.annotations.team]\n");
    assertThat(renderError())
        .hasMessageContaining(
            "the source field holds the value 16, which may be spelled otherwise");
    assertThat(KubectlKustomize.render(dir))
        .as("kustomize copies the spelling")
        .contains("team: \"0x10\"");
  }

  @Test
  void refusesTheEncodingOptionKustomizeIgnores() throws IOException {
    replacement(
        "metadata.name",
        "    fieldPaths: [metadata.annotations.team]\n    options: {encoding: base64}\n");
    assertThat(renderError())
        .hasMessageContaining(
            "field 'replacements[0].targets[0].options.encoding' is not supported");
  }

  @Test
  void refusesAListSelectorWhoseMatchDependsOnQuoting() throws IOException {
    replacement(
        "metadata.name",
        "    fieldPaths: ['spec.template.spec.containers.[name=^serving$].image']\n");
    assertThat(renderError())
        .hasMessageContaining("cannot tell whether '^serving$' matches the string 'serving'");
  }

  @Test
  void rendersKindsBeyondTheEightItOnceRefusedAsKubectlKustomizeDoes() throws IOException {
    write("kustomization.yaml", "namePrefix: p-\nresources:\n- sts.yaml\n");
    write(
        "sts.yaml",
        "apiVersion: apps/v1\nkind: StatefulSet\nmetadata: {name: s}\n---\n"
            + "apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w}\n");
    assertThat(Kustomization.load(dir).render(RenderOptions.DEFAULT).yaml())
        .isEqualTo(KubectlKustomize.render(dir));
  }

  @Test
  void refusesAListObjectWhoseItemsAreNotAList() throws IOException {
    write("kustomization.yaml", "resources:\n- list.yaml\n");
    write("list.yaml", "apiVersion: v1\nkind: ConfigMapList\nitems: {a: b}\n");
    assertThat(KubectlKustomize.run(dir).exitCode()).isNotZero();
    assertThat(renderError())
        .hasMessageContaining("list.yaml: the items of a ConfigMapList are not a list");
  }

  @Test
  void refusesABindingSubjectWithABlankNamespaceAsKubectlKustomizeDoes() throws IOException {
    write("kustomization.yaml", "resources:\n- rbac.yaml\n");
    write(
        "rbac.yaml",
        "apiVersion: v1\n"
            + "kind: ServiceAccount\n"
            + "metadata: {name: sa}\n"
            + "---\n"
            + "apiVersion: rbac.authorization.k8s.io/v1\n"
            + "kind: RoleBinding\n"
            + "metadata: {name: rb}\n"
            + "roleRef: {kind: Role, name: r}\n"
            + "subjects:\n"
            + "- kind: ServiceAccount\n"
            + "  name: sa\n"
            + "  namespace:\n");
    assertThat(KubectlKustomize.run(dir).exitCode()).isNotZero();
    assertThat(renderError())
        .hasMessageContaining("names ServiceAccount 'sa' with a blank namespace");
  }

  @Test
  void refusesMergingIntoDataWhoseNumberSpellingItLost() throws IOException {
    // kustomize merges data as text: "0x1F" here, a spelling the parsed number no longer has.
    write(
        "kustomization.yaml",
        "resources:\n"
            + "- cm.yaml\n"
            + "configMapGenerator:\n"
            + "- name: c\n"
            + "  behavior: merge\n"
            + "  literals: [b=2]\n");
    write("cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata:\n  a: 0x1F\n");
    assertThat(renderError())
        .hasMessageContaining("cm.yaml: a of ")
        .hasMessageContaining("which kustomize merges by its spelling");
  }

  @Test
  void aGeneratorMergingIntoNothingSaysWhatItNeeds() throws IOException {
    write(
        "kustomization.yaml",
        "configMapGenerator:\n- name: c\n  behavior: merge\n  literals: [a=b]\n");
    assertThat(renderError())
        .hasMessageContaining(
            "configMapGenerator 'c': behavior 'merge' needs a ConfigMap 'c' made earlier");
  }

  @Test
  void refusesMergingTwoKeyListsWhereSomeElementsLackTheSecondKey() throws IOException {
    // kubectl drops this patch's element silently: it matches 80/TCP by port alone, then loses it.
    write("kustomization.yaml", "resources:\n- svc.yaml\npatches:\n- path: patch.yaml\n");
    write("svc.yaml", SERVICE);
    write(
        "patch.yaml",
        "apiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec:\n  ports:\n"
            + "  - {name: b, port: 80}\n");
    assertThat(renderError())
        .hasMessageContaining(
            "patch.yaml: merging the list spec.ports whose elements set 'protocol'"
                + " with an element without all of port, protocol");
  }

  @Test
  void refusesDirectivesInTwoKeyLists() throws IOException {
    // kubectl keeps "$patch: delete" as a field of the port here.
    write("kustomization.yaml", "resources:\n- svc.yaml\npatches:\n- path: patch.yaml\n");
    write("svc.yaml", SERVICE);
    write(
        "patch.yaml",
        "apiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec:\n  ports:\n"
            + "  - {port: 80, protocol: TCP, $patch: delete}\n");
    assertThat(renderError()).hasMessageContaining("with a $patch directive on an element");
  }

  @Test
  void refusesDirectivesItDoesNotImplement() throws IOException {
    write("kustomization.yaml", "resources:\n- svc.yaml\npatches:\n- path: patch.yaml\n");
    write("svc.yaml", SERVICE);
    write(
        "patch.yaml",
        "apiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec:\n  $retainKeys: [ports]\n");
    assertThat(renderError())
        .hasMessageContaining("the directive $retainKeys at spec is not supported");
  }

  @Test
  void refusesFilesOutsideTheKustomizationDirectory() throws IOException {
    write("other/svc.yaml", SERVICE);
    write("app/kustomization.yaml", "resources:\n- ../other/svc.yaml\n");
    Throwable thrown =
        org.assertj.core.api.Assertions.catchThrowable(
            () -> Kustomization.load(dir.resolve("app")).render(RenderOptions.DEFAULT));
    assertThat(thrown)
        .isInstanceOf(UserError.class)
        .hasMessageContaining("'../other/svc.yaml' is not in or below");
    assertThat(KubectlKustomize.run(dir.resolve("app")).exitCode())
        .as("kubectl refuses it too")
        .isNotZero();
  }

  @Test
  void refusesRemoteResources() throws IOException {
    write("kustomization.yaml", "resources:\n- https://github.com/org/repo//base?ref=v1\n");
    assertThat(renderError())
        .hasMessageContaining("remote resource 'https://github.com/org/repo//base?ref=v1'");
  }

  @Test
  void refusesAPatchThatMatchesNothing() throws IOException {
    write("kustomization.yaml", "resources:\n- svc.yaml\npatches:\n- path: patch.yaml\n");
    write("svc.yaml", SERVICE);
    write(
        "patch.yaml",
        "apiVersion: v1\nkind: Service\nmetadata: {name: other}\nspec: {type: NodePort}\n");
    assertThat(renderError()).hasMessageContaining("no object has the patch's id v1 Service other");
  }

  @Test
  void refusesAJsonPatchWithoutTarget() throws IOException {
    write(
        "kustomization.yaml",
        "resources:\n"
            + "- svc.yaml\n"
            + "patches:\n"
            + "- patch: '[{\"op\": \"remove\", \"path\": \"/spec\"}]'\n");
    write("svc.yaml", SERVICE);
    assertThat(renderError()).hasMessageContaining("a JSON 6902 patch needs a target");
  }

  @Test
  void refusesAJsonPatchOnAMissingPath() throws IOException {
    write(
        "kustomization.yaml",
        "resources:\n"
            + "- svc.yaml\n"
            + "patches:\n"
            + "- target: {kind: Service}\n"
            + "  patch: '[{\"op\": \"replace\", \"path\": \"/spec/type\", \"value\":"
            + " \"NodePort\"}]'\n");
    write("svc.yaml", SERVICE);
    assertThat(renderError())
        .hasMessageContaining("JSON patch operation replace /spec/type failed on Service s");
  }

  @Test
  void refusesAComponentListedAsAResource() throws IOException {
    write("kustomization.yaml", "resources:\n- comp\n");
    write(
        "comp/kustomization.yaml",
        "apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\nnamePrefix: c-\n");
    assertThat(renderError()).hasMessageContaining("is a Component but is listed under resources");
  }

  @Test
  void refusesDuplicateObjects() throws IOException {
    write("kustomization.yaml", "resources:\n- svc.yaml\n- again.yaml\n");
    write("svc.yaml", SERVICE);
    write("again.yaml", SERVICE);
    assertThat(renderError())
        .hasMessageContaining("may not add resource with an already registered id: Service s");
  }

  @Test
  void refusesALabelValueThatIsNotAString() throws IOException {
    write("kustomization.yaml", "commonLabels:\n  version: 2\n");
    assertThat(renderError())
        .hasMessageContaining("value of 'commonLabels.version' must be a string");
  }

  @Test
  void refusesTheManagedByLabelWhoseValueKubectlKustomizeWritesIsNoValidLabel() throws IOException {
    write("kustomization.yaml", "buildMetadata: [managedByLabel]\nresources: [s.yaml]\n");
    write("s.yaml", SERVICE);
    assertThat(KubectlKustomize.render(dir))
        .contains("app.kubernetes.io/managed-by: kustomize-(devel)");
    assertThat(renderError())
        .hasMessageContaining("buildMetadata 'managedByLabel' is not supported");
  }

  @Test
  void refusesAnUnknownBuildMetadataValueKustomizeWouldIgnore() throws IOException {
    write("kustomization.yaml", "buildMetadata: [originAnnotation]\nresources: []\n");
    assertThat(renderError())
        .hasMessageContaining("unknown buildMetadata value 'originAnnotation'");
  }

  @Test
  void refusesAnImageNameWithRegularExpressionOperatorsBeyondDotAndStar() throws IOException {
    write(
        "kustomization.yaml",
        "resources: []\nimages:\n- {name: 'tensorflow/(serving|envoy)', newTag: '2'}\n");
    assertThat(renderError())
        .hasMessageContaining(
            "images name 'tensorflow/(serving|envoy)' is read by kustomize as a regular"
                + " expression");
  }

  @Test
  void refusesAnOriginPathThatYamlWouldQuote() throws IOException {
    write("kustomization.yaml", "buildMetadata: [originAnnotations]\nresources: ['a b.yaml']\n");
    write("a b.yaml", SERVICE);
    assertThat(renderError())
        .hasMessageContaining("the value 'a b.yaml' in the origin of Service s needs YAML quoting");
  }
}
