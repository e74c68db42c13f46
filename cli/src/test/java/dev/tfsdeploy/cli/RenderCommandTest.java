package dev.tfsdeploy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tfsdeploy.overlay.KubectlKustomize;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RenderCommandTest {
  static final Path KUBE =
      Path.of(System.getProperty("tfsdeploy.projectRoot", ".."))
          .resolve(".kube")
          .toAbsolutePath()
          .normalize();
  static final String DIGEST_REF =
      "europe-docker.pkg.dev/p/r/model@sha256:" + "0123456789abcdef".repeat(4);

  @TempDir Path temp;

  static String kubectlKustomize(Path dir) {
    return KubectlKustomize.render(dir);
  }

  @Test
  void printsAnExperimentExactlyAsKubectlKustomize() throws Exception {
    CommandRun run =
        CommandRun.of(
            "render", "--experiment", "4vCPU+8GB+inter_op4", "--kube-dir", KUBE.toString());
    assertThat(run.exitCode()).isZero();
    assertThat(run.stdout())
        .isEqualTo(kubectlKustomize(KUBE.resolve("experiments/4vCPU+8GB+inter_op4")));
  }

  @Test
  void takesTheExperimentFromTargetExperiment() {
    CommandRun run =
        CommandRun.of(
            Map.of("TARGET_EXPERIMENT", "8vCPU+64GB+inter_op2_w_batch"),
            "render",
            "--kube-dir",
            KUBE.toString());
    assertThat(run.exitCode()).isZero();
    assertThat(run.stdout())
        .contains("--enable_batching=true")
        .contains("tfs-deploy.dev/experiment: 8vCPU+64GB+inter_op2_w_batch");
  }

  @Test
  void warnsThatWithoutImageTheManifestsRunThePlaceholder() {
    CommandRun run =
        CommandRun.of(
            "render", "--experiment", "4vCPU+8GB+inter_op4", "--kube-dir", KUBE.toString());

    assertThat(run.exitCode()).isZero();
    assertThat(run.stderr())
        .contains(
            "no --image: the manifests run the base's placeholder image tfs-serving-model"
                + " and serve MODEL_NAME model");
  }

  @Test
  void doesNotWarnWhenTheImageIsGiven() {
    CommandRun run =
        CommandRun.of(
            "render",
            "--experiment",
            "4vCPU+8GB+inter_op4",
            "--kube-dir",
            KUBE.toString(),
            "--image",
            DIGEST_REF,
            "--model-name",
            "half_plus_two");

    assertThat(run.exitCode()).isZero();
    assertThat(run.stderr()).doesNotContain("placeholder");
  }

  @Test
  void refusesAModelNameThatExtractAndBuildImageWouldRefuse() {
    CommandRun run =
        CommandRun.of(
            "render",
            "--experiment",
            "4vCPU+8GB+inter_op4",
            "--kube-dir",
            KUBE.toString(),
            "--model-name",
            "m".repeat(129));

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.stderr()).contains("is not a usable model name");
  }

  @Test
  void rendersAPathWithImageDigestAndModelName() {
    CommandRun run =
        CommandRun.of(
            "render",
            KUBE.resolve("experiments/2vCPU+4GB+inter_op2").toString(),
            "--image",
            DIGEST_REF,
            "--model-name",
            "half_plus_two");
    assertThat(run.exitCode()).isZero();
    assertThat(run.stdout())
        .contains("image: " + DIGEST_REF)
        .contains("path: /v1/models/half_plus_two/metadata")
        .doesNotContain("tfs-serving-model");
  }

  @Test
  void writesOneFilePerObjectAndPrintsTheDirectory() throws IOException {
    Path out = temp.resolve("manifests");
    CommandRun run =
        CommandRun.of(
            "render",
            "--experiment",
            "2vCPU+4GB+inter_op8",
            "--kube-dir",
            KUBE.toString(),
            "--out",
            out.toString());
    assertThat(run.exitCode()).isZero();
    assertThat(run.stdout().trim()).isEqualTo(out.toString());
    try (Stream<Path> files = Files.list(out)) {
      assertThat(files.map(p -> p.getFileName().toString()).sorted().toList())
          .containsExactly(
              "01-configmap-tfs-monitoring-7hdfdc94fh.yaml",
              "02-service-tfs-serving.yaml",
              "03-deployment-tfs-serving.yaml",
              "04-poddisruptionbudget-tfs-serving.yaml");
    }
    assertThat(Files.readString(out.resolve("03-deployment-tfs-serving.yaml")))
        .startsWith("apiVersion: apps/v1\n");
  }

  @Test
  void leavesNothingBehindWhenTheOutputDirectoryIsNotEmpty() throws IOException {
    Path out = Files.createDirectories(temp.resolve("busy"));
    Files.writeString(out.resolve("keep.txt"), "x");
    CommandRun run =
        CommandRun.of(
            "render",
            "--experiment",
            "2vCPU+4GB+inter_op8",
            "--kube-dir",
            KUBE.toString(),
            "--out",
            out.toString());
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.stderr()).contains("already exists and is not empty");
    try (Stream<Path> files = Files.list(temp)) {
      assertThat(files.map(p -> p.getFileName().toString()).toList()).containsExactly("busy");
    }
  }

  private CommandRun renderTo(Path out) {
    return CommandRun.of(
        "render",
        "--experiment",
        "2vCPU+4GB+inter_op8",
        "--kube-dir",
        KUBE.toString(),
        "--out",
        out.toString());
  }

  @Test
  void outputLinkToAnEmptyDirectoryIsWrittenThroughAndKept() throws IOException {
    Path real = Files.createDirectory(temp.resolve("real"));
    Path link = Files.createSymbolicLink(temp.resolve("link"), real);

    CommandRun run = renderTo(link);

    assertThat(run.exitCode()).isZero();
    assertThat(Files.isSymbolicLink(link)).isTrue();
    assertThat(real.resolve("03-deployment-tfs-serving.yaml")).isRegularFile();
  }

  @Test
  void danglingOutputLinkIsRefusedInOneLineAndKept() throws IOException {
    Path link = Files.createSymbolicLink(temp.resolve("link"), temp.resolve("nowhere"));

    CommandRun run = renderTo(link);

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.stderr())
        .isEqualTo(
            "error: "
                + link
                + " is a symbolic link to "
                + temp.resolve("nowhere")
                + ", which does not exist — create "
                + temp.resolve("nowhere")
                + " first, or remove the link, or choose another path\n");
    assertThat(Files.isSymbolicLink(link)).isTrue();
    try (Stream<Path> files = Files.list(temp)) {
      assertThat(files.toList()).containsExactly(link);
    }
  }

  @Test
  void outputLinkThatLoopsIsRefusedAndKept() throws IOException {
    Path link = Files.createSymbolicLink(temp.resolve("a"), temp.resolve("b"));
    Files.createSymbolicLink(temp.resolve("b"), link);

    CommandRun run = renderTo(link);

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.stderr()).contains(link + " is a symbolic link that loops");
    assertThat(Files.isSymbolicLink(link)).isTrue();
  }

  @Test
  void outputDirectoryGetsTheUmasksModeLikeAnyNewDirectory() throws IOException {
    Path plain = Files.createDirectory(temp.resolve("made-here"));

    renderTo(temp.resolve("manifests"));

    assertThat(Files.getPosixFilePermissions(temp.resolve("manifests")))
        .isEqualTo(Files.getPosixFilePermissions(plain));
  }

  @Test
  void namesTheValidExperimentsAndTheClosestForAnUnknownOne() {
    CommandRun run =
        CommandRun.of(
            "render", "--experiment", "4vCPU+8G+inter_op4", "--kube-dir", KUBE.toString());
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.stderr())
        .contains("unknown experiment '4vCPU+8G+inter_op4'; did you mean '4vCPU+8GB+inter_op4'?")
        .contains("valid experiments: 2vCPU+4GB+inter_op2,");
    assertThat(run.stdout()).isEmpty();
  }

  @Test
  void refusesAMalformedDigest() {
    CommandRun run =
        CommandRun.of(
            "render",
            "--experiment",
            "2vCPU+4GB+inter_op2",
            "--kube-dir",
            KUBE.toString(),
            "--image",
            "repo@sha256:abc");
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.stderr()).contains("invalid image digest 'sha256:abc'");
  }

  @Test
  void isAUsageErrorWithoutPathOrExperiment() {
    CommandRun run = CommandRun.of("render");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.stderr())
        .contains("missing PATH or --experiment (or TFS_DEPLOY_EXPERIMENT or TARGET_EXPERIMENT)");
  }

  @Test
  void warnsAboutKustomize4StringPatchesAndStillRenders() throws IOException {
    Files.writeString(
        temp.resolve("kustomization.yaml"), "resources:\n- cm.yaml\npatches:\n- patch.yaml\n");
    Files.writeString(
        temp.resolve("cm.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n");
    Files.writeString(
        temp.resolve("patch.yaml"),
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  k: v\n");
    CommandRun run = CommandRun.of("render", temp.toString());
    assertThat(run.exitCode()).isZero();
    assertThat(run.stderr())
        .contains("warning:")
        .contains("kustomize 4 string form")
        .contains("- path: patch.yaml");
    assertThat(run.stdout()).contains("k: v");
  }

  @Test
  void namesTheFileAndFieldOfAnUnsupportedFeature() throws IOException {
    Files.writeString(temp.resolve("kustomization.yaml"), "resources: []\nhelmCharts: []\n");
    CommandRun run = CommandRun.of("render", temp.toString());
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.stderr())
        .contains(temp.resolve("kustomization.yaml") + ": field 'helmCharts' is not supported");
  }

  @Test
  void refusesObjectsThatBreakTheKubernetesSchema() throws IOException {
    Files.writeString(temp.resolve("kustomization.yaml"), "resources:\n- svc.yaml\n");
    Files.writeString(
        temp.resolve("svc.yaml"),
        "apiVersion: v1\nkind: Service\nmetadata:\n  name: s\nspec:\n  portz: []\n");
    CommandRun run = CommandRun.of("render", temp.toString());
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.stderr()).contains("Service s: unknown field spec.portz");
    assertThat(List.of(run.stdout())).containsExactly("");
  }
}
