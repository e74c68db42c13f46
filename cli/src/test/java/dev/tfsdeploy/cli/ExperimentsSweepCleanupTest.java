package dev.tfsdeploy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tfsdeploy.cluster.rollout.AppLabels;
import dev.tfsdeploy.cluster.rollout.testing.PodFate;
import dev.tfsdeploy.sweep.SweepNamespaces;
import io.fabric8.kubernetes.api.model.Namespace;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a sweep leaves behind: nothing after a failed experiment or an interrupt, the namespaces
 * with --keep; and what it refuses before it creates anything.
 */
class ExperimentsSweepCleanupTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final String HEALTHY = "2vCPU+4GB+inter_op2";
  private static final String BROKEN = "8vCPU+16GB+inter_op2";

  @TempDir Path dir;
  private SweepCluster cluster;

  @BeforeEach
  void start() {
    cluster = new SweepCluster(dir);
  }

  @AfterEach
  void stop() {
    cluster.close();
  }

  @Test
  void aFailedExperimentIsReportedAndDeletedAndTheSweepGoesOn() throws IOException {
    cluster
        .experiment(HEALTHY, 1, Duration.ofMillis(100))
        .experiment(BROKEN, 1, Duration.ofMillis(100), PodFate.IMAGE_PULL_BACKOFF);
    Path out = dir.resolve("out");

    CommandRun run =
        cluster.sweep(Map.of(), "--experiments", BROKEN + "," + HEALTHY, "--out", out.toString());

    assertThat(run.exitCode()).as(run.stderr()).isZero();
    assertThat(run.stderr())
        .containsPattern(
            "warning: \\[" + BROKEN.replace("+", "\\+") + "\\] deploy failed: .*ImagePullBackOff")
        .doesNotContain("Exception");
    assertThat(run.stdout())
        .contains(BROKEN + ": failed: deploy: ")
        .contains("Deploy " + HEALTHY + ": ");
    JsonNode broken = MAPPER.readTree(out.resolve("sweep.json").toFile()).get("experiments").get(0);
    assertThat(broken.get("status").asText()).isEqualTo("failed");
    assertThat(broken.get("failure").asText()).startsWith("deploy: ").doesNotContain("\n");
    assertThat(broken.get("steps").findValuesAsText("step"))
        .containsExactly("namespace", "deploy", "cleanup");
    assertThat(cluster.sweepNamespaces()).isEmpty();
  }

  @Test
  void anInterruptedSweepDeletesItsNamespaces() throws Exception {
    // The rollout never completes: the sweep is still deploying when interrupted.
    cluster.experiment(HEALTHY, 1, Duration.ofMillis(100), PodFate.STALLED);
    AtomicReference<CommandRun> result = new AtomicReference<>();
    Thread sweep =
        new Thread(() -> result.set(cluster.sweep(Map.of(), "--experiments", HEALTHY)), "sweep");
    sweep.start();
    String namespace = SweepCluster.namespace(HEALTHY);
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (cluster
                .api
                .client()
                .apps()
                .deployments()
                .inNamespace(namespace)
                .withName("tfs-serving")
                .get()
            == null
        && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertThat(cluster.sweepNamespaces()).containsExactly(namespace);

    sweep.interrupt();
    sweep.join(Duration.ofSeconds(20).toMillis());

    assertThat(sweep.isAlive()).isFalse();
    assertThat(result.get().exitCode()).isEqualTo(ExitCode.FAILURE);
    assertThat(result.get().stderr())
        .contains("error: the sweep was interrupted — its namespaces were deleted");
    assertThat(cluster.sweepNamespaces()).isEmpty();
  }

  @Test
  void withKeepTheNamespacesStayLabelledAsTheSweeps() throws IOException {
    cluster.experiment(HEALTHY, 1, Duration.ofMillis(100));
    Path out = dir.resolve("out");

    CommandRun run =
        cluster.sweep(Map.of(), "--experiments", HEALTHY, "--keep", "--out", out.toString());

    assertThat(run.exitCode()).as(run.stderr()).isZero();
    String name = SweepCluster.namespace(HEALTHY);
    Namespace kept = cluster.api.client().namespaces().withName(name).get();
    JsonNode sweep = MAPPER.readTree(out.resolve("sweep.json").toFile());
    assertThat(kept.getMetadata().getLabels())
        .containsEntry(AppLabels.MANAGED_BY, AppLabels.TOOL)
        .containsEntry(SweepNamespaces.SWEEP_LABEL, sweep.get("sweep").asText());
    assertThat(cluster.api.client().apps().deployments().inNamespace(name).list().getItems())
        .hasSize(1);
    assertThat(sweep.get("experiments").get(0).get("kept").asBoolean()).isTrue();
    assertThat(run.stderr()).contains("kept namespace " + name);
  }

  @Test
  void withoutAChoiceAWorkerImageThatCannotBeBuiltMeansAPortForwardWithAWarning() {
    cluster.experiment(HEALTHY, 1, Duration.ofMillis(100));

    CommandRun run =
        cluster.sweep(
            Map.of(),
            SweepCluster.DEFAULT_LOAD,
            "--experiments",
            HEALTHY,
            "--worker-base",
            "registry.invalid/jre:17");

    assertThat(run.exitCode()).as(run.stderr()).isZero();
    assertThat(run.stderr())
        .contains("no load workers: their image could not be built")
        .contains("the load goes through a port-forward");
    assertThat(cluster.jobs()).isEmpty();
  }

  @Test
  void anExplicitInClusterSweepFailsWhenTheWorkerImageCannotBeBuilt() {
    cluster.experiment(HEALTHY, 1, Duration.ofMillis(100));

    CommandRun run =
        cluster.sweep(
            Map.of(),
            "--in-cluster",
            "--experiments",
            HEALTHY,
            "--worker-base",
            "registry.invalid/jre:17");

    assertThat(run.exitCode()).isNotZero();
    assertThat(run.stderr())
        .contains("error: the workers' image")
        .doesNotContain("no load workers")
        .doesNotContain("\tat ");
    assertThat(cluster.sweepNamespaces()).isEmpty();
  }

  @Test
  void aWorkerImageWithNoInClusterIsRefusedBeforeAnythingIsCreated() {
    cluster.experiment(HEALTHY, 1, Duration.ofMillis(100));

    CommandRun run =
        cluster.sweep(
            Map.of(),
            "--experiments",
            HEALTHY,
            "--worker-image",
            "ghcr.io/my-org/tfs-deploy-worker:1.0.0",
            "--no-in-cluster");

    assertThat(run.exitCode()).isNotZero();
    assertThat(run.stderr())
        .contains(
            "error: --worker-image is for load from inside the cluster — drop --no-in-cluster");
    assertThat(cluster.sweepNamespaces()).isEmpty();
  }

  @Test
  void anUnknownExperimentIsRefusedBeforeAnythingIsCreated() {
    CommandRun run = cluster.sweep(Map.of(), "--experiments", HEALTHY + ",4vCPU+8GB+inter_op9");

    assertThat(run.exitCode()).isEqualTo(ExitCode.FAILURE);
    assertThat(run.stderr())
        .startsWith("error: unknown experiment '4vCPU+8GB+inter_op9'; did you mean")
        .doesNotContain("Exception");
    assertThat(cluster.sweepNamespaces()).isEmpty();
  }

  @Test
  void experimentsAndAllTogetherAreRefused() {
    CommandRun run = cluster.sweep(Map.of(), "--experiments", HEALTHY, "--all");

    assertThat(run.exitCode()).isEqualTo(ExitCode.FAILURE);
    assertThat(run.stderr())
        .startsWith("error: which experiments? pass either --experiments A,B,... or --all");
  }

  @Test
  void aNamespaceNameIsTheExperimentsAsADns1123Label() {
    assertThat(SweepNamespaces.name("tfs-sweep", "8vCPU+64GB+inter_op2_w_batch"))
        .isEqualTo("tfs-sweep-8vcpu-64gb-inter-op2-w-batch");
    String longName = SweepNamespaces.name("tfs-sweep", "x".repeat(80));
    assertThat(longName).hasSizeLessThanOrEqualTo(63).matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    assertThat(longName).isNotEqualTo(SweepNamespaces.name("tfs-sweep", "x".repeat(81)));
  }
}
