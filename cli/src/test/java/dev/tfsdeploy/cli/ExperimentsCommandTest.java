package dev.tfsdeploy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tfsdeploy.experiments.ExperimentSummary;
import dev.tfsdeploy.overlay.Kustomization;
import dev.tfsdeploy.overlay.RenderOptions;
import dev.tfsdeploy.overlay.Rendering;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExperimentsCommandTest {
  static final Path KUBE = RenderCommandTest.KUBE;

  @TempDir Path temp;

  /** A copy of .kube with base/ and components/ but no experiments, to add experiments to. */
  private Path emptyKubeDir() throws IOException {
    Path kube = temp.resolve("kube");
    for (String part : new String[] {"base", "components"}) {
      try (Stream<Path> paths = Files.walk(KUBE.resolve(part))) {
        for (Path source : paths.toList()) {
          Path target = kube.resolve(KUBE.relativize(source).toString());
          if (Files.isDirectory(source)) {
            Files.createDirectories(target);
          } else {
            Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
          }
        }
      }
    }
    Files.createDirectories(kube.resolve("experiments"));
    return kube;
  }

  @Test
  void listsEveryExperimentWithWhatItRenders() {
    CommandRun run = CommandRun.of("experiments", "--kube-dir", KUBE.toString());
    assertThat(run.exitCode()).isZero();
    String[] lines = run.stdout().split("\n");
    assertThat(lines).hasSize(16);
    assertThat(lines[0])
        .matches("NAME +REPLICAS +MACHINE +CPU +MEMORY +INTER-OP +INTRA-OP +BATCHING");
    assertThat(run.stdout())
        .containsPattern("2vCPU\\+4GB\\+inter_op8 +4 +e2-standard-2 +1500m +4Gi +8 +2 +no")
        .containsPattern(
            "8vCPU\\+64GB\\+inter_op2_w_batch +1 +e2-highmem-8 +7500m +56Gi +2 +8"
                + " +max_batch_size=32,"
                + "batch_timeout_micros=1000,max_enqueued_batches=100,num_batch_threads=8");
  }

  @Test
  void printsJson() throws IOException {
    CommandRun run = CommandRun.of("experiments", "--json", "--kube-dir", KUBE.toString());
    assertThat(run.exitCode()).isZero();
    JsonNode rows = new ObjectMapper().readTree(run.stdout());
    assertThat(rows).hasSize(15);
    JsonNode first = rows.get(0);
    assertThat(first.get("name").asText()).isEqualTo("2vCPU+4GB+inter_op2");
    assertThat(first.get("replicas").asInt()).isEqualTo(4);
    assertThat(first.get("machineType").asText()).isEqualTo("e2-standard-2");
    assertThat(first.get("cpu").asText()).isEqualTo("1500m");
    assertThat(first.get("memory").asText()).isEqualTo("4Gi");
    assertThat(first.get("interOp").asInt()).isEqualTo(2);
    assertThat(first.get("intraOp").asInt()).isEqualTo(2);
    assertThat(first.get("batching").isNull()).isTrue();
  }

  @Test
  void newWritesAnOverlayThatKubectlAndTheRendererAgreeOn() throws Exception {
    Path kube = emptyKubeDir();
    CommandRun run =
        CommandRun.of(
            "experiments",
            "new",
            "4vCPU+16GB+inter_op2_w_batch",
            "--vcpu",
            "4",
            "--memory",
            "16GB",
            "--replicas",
            "3",
            "--inter-op",
            "2",
            "--batching",
            "max_batch_size=64,num_batch_threads=4",
            "--kube-dir",
            kube.toString());
    assertThat(run.exitCode()).as(run.stderr()).isZero();
    Path dir = kube.resolve("experiments/4vCPU+16GB+inter_op2_w_batch");
    assertThat(run.stdout().trim()).isEqualTo(dir.toString());

    String rendered = Kustomization.load(dir).render(RenderOptions.DEFAULT).yaml();
    assertThat(rendered).isEqualTo(RenderCommandTest.kubectlKustomize(dir));
    ExperimentSummary summary =
        ExperimentSummary.of("x", Kustomization.load(dir).render(RenderOptions.DEFAULT));
    assertThat(summary)
        .isEqualTo(
            new ExperimentSummary(
                "x",
                3,
                "-",
                "4",
                "16Gi",
                2,
                4,
                Map.of(
                    "max_batch_size",
                    "64",
                    "batch_timeout_micros",
                    "1000",
                    "max_enqueued_batches",
                    "100",
                    "num_batch_threads",
                    "4")));
    assertThat(rendered).contains("kind: PodDisruptionBudget");
  }

  @Test
  void newSingleReplicaExperimentHasNoDisruptionBudget() throws Exception {
    Path kube = emptyKubeDir();
    CommandRun run =
        CommandRun.of(
            "experiments",
            "new",
            "1vCPU+2GB+inter_op1",
            "--vcpu",
            "1",
            "--memory",
            "2Gi",
            "--replicas",
            "1",
            "--inter-op",
            "1",
            "--kube-dir",
            kube.toString());
    assertThat(run.exitCode()).as(run.stderr()).isZero();
    Path dir = kube.resolve("experiments/1vCPU+2GB+inter_op1");
    String rendered = Kustomization.load(dir).render(RenderOptions.DEFAULT).yaml();
    assertThat(rendered)
        .isEqualTo(RenderCommandTest.kubectlKustomize(dir))
        .doesNotContain("PodDisruptionBudget");
  }

  @Test
  void newRefusesAnExistingName() {
    CommandRun run =
        CommandRun.of(
            "experiments",
            "new",
            "2vCPU+4GB+inter_op2",
            "--vcpu",
            "2",
            "--memory",
            "4GB",
            "--replicas",
            "1",
            "--inter-op",
            "2",
            "--kube-dir",
            KUBE.toString());
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.stderr()).contains("experiment '2vCPU+4GB+inter_op2' already exists");
  }

  @Test
  void newRefusesBadValuesAndLeavesNothing() throws IOException {
    Path kube = emptyKubeDir();
    CommandRun badMemory =
        CommandRun.of(
            "experiments",
            "new",
            "x",
            "--vcpu",
            "2",
            "--memory",
            "lots",
            "--replicas",
            "1",
            "--inter-op",
            "2",
            "--kube-dir",
            kube.toString());
    CommandRun badBatching =
        CommandRun.of(
            "experiments",
            "new",
            "y",
            "--vcpu",
            "2",
            "--memory",
            "4GB",
            "--replicas",
            "1",
            "--inter-op",
            "2",
            "--batching",
            "max_batch_size=big",
            "--kube-dir",
            kube.toString());
    CommandRun badVcpu =
        CommandRun.of(
            "experiments",
            "new",
            "w",
            "--vcpu",
            "two",
            "--memory",
            "4GB",
            "--replicas",
            "1",
            "--inter-op",
            "2",
            "--kube-dir",
            kube.toString());
    assertThat(badMemory.stderr()).contains("invalid memory size 'lots'");
    assertThat(badBatching.stderr())
        .contains("batching parameter max_batch_size must be a non-negative integer");
    assertThat(badVcpu.exitCode()).isEqualTo(1);
    assertThat(badVcpu.stderr()).contains("--vcpu must be a number of vCPUs, not 'two'");
    try (Stream<Path> entries = Files.list(kube.resolve("experiments"))) {
      assertThat(entries).isEmpty();
    }
  }

  @Test
  void newNamesEveryMissingOptionInOneError() {
    CommandRun missing =
        CommandRun.of("experiments", "new", "z", "--vcpu", "2", "--kube-dir", KUBE.toString());

    assertThat(missing.exitCode()).isEqualTo(2);
    assertThat(missing.stderr().strip().lines()).hasSize(1);
    assertThat(missing.stderr()).contains("'--memory=SIZE'", "'--replicas=N'", "'--inter-op=N'");
  }

  @Test
  void newTakesAFractionOfAVcpuAsMillicoresWithWholeThreads() throws Exception {
    Path kube = emptyKubeDir();
    CommandRun run =
        CommandRun.of(
            "experiments",
            "new",
            "0.5vCPU+1GB+inter_op1",
            "--vcpu",
            "0.5",
            "--memory",
            "1GB",
            "--replicas",
            "1",
            "--inter-op",
            "1",
            "--kube-dir",
            kube.toString());
    assertThat(run.exitCode()).as(run.stderr()).isZero();
    Path dir = kube.resolve("experiments/0.5vCPU+1GB+inter_op1");

    Rendering rendering = Kustomization.load(dir).render(RenderOptions.DEFAULT);
    assertThat(rendering.yaml()).isEqualTo(RenderCommandTest.kubectlKustomize(dir));
    ExperimentSummary summary = ExperimentSummary.of("x", rendering);
    assertThat(summary.cpu()).isEqualTo("500m");
    assertThat(summary.intraOp()).isEqualTo(1);
  }

  @Test
  void newRefusesAVcpuFinerThanAMillicore() throws IOException {
    Path kube = emptyKubeDir();
    CommandRun run =
        CommandRun.of(
            "experiments",
            "new",
            "tiny",
            "--vcpu",
            "0.0005",
            "--memory",
            "1GB",
            "--replicas",
            "1",
            "--inter-op",
            "1",
            "--kube-dir",
            kube.toString());

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.stderr())
        .contains("--vcpu must be a positive number of vCPUs with at most three decimals");
    try (Stream<Path> entries = Files.list(kube.resolve("experiments"))) {
      assertThat(entries).isEmpty();
    }
  }

  @Test
  void newHintsTheRenderCommandWithTheGivenKubeDir() throws Exception {
    Path kube = emptyKubeDir();
    CommandRun run =
        CommandRun.of(
            "experiments",
            "new",
            "1vCPU+2GB+inter_op1",
            "--vcpu",
            "1",
            "--memory",
            "2Gi",
            "--replicas",
            "1",
            "--inter-op",
            "1",
            "--kube-dir",
            kube.toString());

    assertThat(run.exitCode()).as(run.stderr()).isZero();
    assertThat(run.stderr())
        .contains(
            "render it with: tfs-deploy render --experiment 1vCPU+2GB+inter_op1 --kube-dir "
                + kube);
  }
}
