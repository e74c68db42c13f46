package dev.tfsdeploy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code experiments sweep --in-cluster}: each capacity step's load comes from load workers in a
 * Job in the experiment's namespace, which the mock cluster's Job controller runs in-process
 * against the experiment's stand-in; no port-forward.
 */
class ExperimentsSweepInClusterTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final String EXPERIMENT = "2vCPU+4GB+inter_op2";

  @TempDir Path dir;
  private SweepCluster cluster;

  @BeforeEach
  void start() {
    cluster = new SweepCluster(dir).withWorkers().experiment(EXPERIMENT, 2, Duration.ofMillis(100));
  }

  @AfterEach
  void stop() {
    cluster.close();
  }

  @Test
  void eachStepIsAJobOfWorkersInTheExperimentsNamespace() throws IOException {
    Path out = dir.resolve("out");

    CommandRun run =
        cluster.sweep(
            Map.of(),
            "--experiments",
            EXPERIMENT,
            "--in-cluster",
            "--worker-image",
            "registry.test/tfs-deploy-worker:test",
            "--worker-start-delay",
            "1s",
            "--workers",
            "2",
            "--out",
            out.toString());

    assertThat(run.exitCode()).as(run.stderr()).isZero();
    JsonNode sweep = MAPPER.readTree(out.resolve("sweep.json").toFile());
    JsonNode experiment = sweep.get("experiments").get(0);
    assertThat(sweep.get("load").asText()).isEqualTo("2 in-cluster worker(s)");
    assertThat(experiment.get("capacity_rps").asDouble()).isBetween(12.0, 26.0);
    int steps = experiment.get("capacity_search").get("steps").size();
    assertThat(cluster.jobs())
        .hasSizeGreaterThanOrEqualTo(steps)
        .allSatisfy(
            job ->
                assertThat(job.getMetadata().getNamespace())
                    .isEqualTo(SweepCluster.namespace(EXPERIMENT)));
    assertThat(run.stderr()).doesNotContain("port-forward");
    assertThat(cluster.sweepNamespaces()).isEmpty();
  }
}
