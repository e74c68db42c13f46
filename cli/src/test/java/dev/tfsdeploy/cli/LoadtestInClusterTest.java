package dev.tfsdeploy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tfsdeploy.cluster.rollout.testing.JobController;
import dev.tfsdeploy.cluster.rollout.testing.KubeApi;
import dev.tfsdeploy.cluster.rollout.testing.PodFate;
import dev.tfsdeploy.loadtest.PredictServer;
import dev.tfsdeploy.loadtest.workers.WorkerJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code loadtest --in-cluster}: load workers as an Indexed Job against the mock cluster, whose Job
 * controller runs each worker pod's command with this CLI, in-process, against a loopback TF
 * Serving that the Service's cluster DNS name resolves to.
 */
class LoadtestInClusterTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final String IMAGE = "registry.test/tfs-deploy-worker:test";

  @TempDir Path dir;
  private final PredictServer server = new PredictServer("half_plus_two");
  private KubeApi api;
  private JobController jobs;
  private Path kubeconfig;

  @BeforeEach
  void cluster() throws IOException {
    api = KubeApi.start();
    int port = Integer.parseInt(server.url().replaceFirst(".*:", ""));
    jobs =
        new JobController(
                api,
                (args, env) -> {
                  CommandRun run = CommandRun.of(env, args.toArray(String[]::new));
                  return new JobController.Exit(run.exitCode(), run.stderr() + run.stdout());
                },
                Files.createDirectories(dir.resolve("volumes")))
            .service(
                "tfs-serving.serving.svc:8501",
                new InetSocketAddress(InetAddress.getLoopbackAddress(), port))
            .start();
    kubeconfig = api.writeKubeconfig(dir.resolve("kubeconfig"));
    LoadtestCommandTest.deployExperiment(api.client(), "http", 8501);
  }

  @AfterEach
  void stop() {
    jobs.close();
    api.close();
    server.close();
  }

  private CommandRun loadtest(String... extra) throws IOException {
    List<String> args =
        new ArrayList<>(List.of("--worker-image", IMAGE, "--worker-start-delay", "2s"));
    args.addAll(List.of(extra));
    return loadtestWithout(args.toArray(String[]::new));
  }

  /**
   * {@code loadtest --in-cluster} at the experiment, with no worker image unless in {@code extra}.
   */
  private CommandRun loadtestWithout(String... extra) throws IOException {
    Path request = dir.resolve("request.json");
    Files.writeString(request, "{\"instances\": [[1.0], [2.0]]}");
    List<String> args =
        new ArrayList<>(
            List.of(
                "loadtest",
                "--in-cluster",
                "--experiment",
                LoadtestCommandTest.EXPERIMENT,
                "--kube-dir",
                RenderCommandTest.KUBE.toString(),
                "--kubeconfig",
                kubeconfig.toString(),
                "--model-name",
                "half_plus_two",
                "--request",
                request.toString()));
    args.addAll(List.of(extra));
    return CommandRun.of(
        new HashMap<>(Map.of("HOME", dir.toString())), args.toArray(String[]::new));
  }

  @Test
  void workersInAJobShareTheLoadAndTheirResultsMergeExactly() throws IOException {
    CommandRun run = loadtest("--workers", "3", "--rate", "60", "--requests", "31");

    assertThat(run.exitCode()).as(run.stderr()).isZero();
    JsonNode result = MAPPER.readTree(run.stdout());
    assertThat(result.get("experiment").asText()).isEqualTo(LoadtestCommandTest.EXPERIMENT);
    assertThat(result.get("requests").asLong()).isEqualTo(31);
    assertThat(result.get("successes").asLong()).isEqualTo(31);
    assertThat(result.get("rate").asDouble()).isEqualTo(60.0);
    assertThat(result.get("url").asText())
        .isEqualTo(server.url() + "/v1/models/half_plus_two:predict");
    assertThat(run.stderr())
        .contains("-> http://tfs-serving.serving.svc:8501, starting at ")
        .containsPattern("requests +31 in [0-9.]+ s, 0 failed")
        .containsPattern("\n0 +open loop, 20 requests/s \\(up to 34 connections\\) +11 +0 ")
        .containsPattern("\n2 +open loop, 20 requests/s \\(up to 33 connections\\) +10 +0 ");
    // One command per worker, all with the same start.
    assertThat(jobs.commands()).hasSize(3);
    String startAt = jobs.commands().get(0).get(jobs.commands().get(0).indexOf("--start-at") + 1);
    assertThat(jobs.commands())
        .allSatisfy(command -> assertThat(command).containsSequence("--start-at", startAt));
    assertNothingLeft();
  }

  @Test
  void theJobIsTheSpecifiedOne() throws IOException {
    CommandRun run = loadtest("--workers", "2", "--concurrency", "4", "--requests", "8");

    assertThat(run.exitCode()).as(run.stderr()).isZero();
    Job job = jobs.created().get(0);
    assertThat(job.getSpec().getCompletions()).isEqualTo(2);
    assertThat(job.getSpec().getParallelism()).isEqualTo(2);
    assertThat(job.getSpec().getBackoffLimit()).isZero();
    assertThat(job.getSpec().getActiveDeadlineSeconds()).isPositive();
    assertThat(job.getMetadata().getLabels())
        .containsEntry(WorkerJob.RUN_LABEL, job.getMetadata().getName());
    assertNothingLeft();
  }

  @Test
  void aWorkerImageThatCannotBePulledFailsTheRunWithTheReason() throws IOException {
    jobs.fate(IMAGE, PodFate.IMAGE_PULL_BACKOFF);

    CommandRun run = loadtest("--workers", "2", "--requests", "10");

    assertThat(run.exitCode()).isEqualTo(ExitCode.FAILURE);
    assertThat(run.stderr())
        .containsPattern(
            "error: load worker failed: pod/tfs-deploy-load-[0-9a-f]+-0-x0 \\(worker\\):"
                + " ImagePullBackOff — Back-off pulling image \""
                + IMAGE
                + "\" — check"
                + " --worker-image")
        .doesNotContain("Exception");
    assertNothingLeft();
  }

  @Test
  void aWorkerKilledForItsMemoryFailsTheRunWithTheReason() throws IOException {
    jobs.fate(IMAGE, PodFate.OOM_KILLED);

    CommandRun run = loadtest("--workers", "2", "--requests", "10");

    assertThat(run.exitCode()).isEqualTo(ExitCode.FAILURE);
    assertThat(run.stderr())
        .contains("error: load worker failed: pod/")
        .contains(": OOMKilled — exit code 137 — the worker ran out of memory");
    assertNothingLeft();
  }

  @Test
  void aCapacitySearchRunsEachStepAsAJobOfWorkers() throws IOException {
    CommandRun run =
        loadtest(
            "--workers",
            "2",
            "--find-capacity",
            "--slo-p99",
            "2s",
            "--start-rate",
            "20",
            "--max-rate",
            "40",
            "--step-duration",
            "1s",
            "--timeout",
            "2s");

    // 20 and 40 requests/s both hold: the ceiling was the limit, no capacity found.
    assertThat(run.exitCode()).as(run.stderr()).isEqualTo(ExitCode.NO_CAPACITY);
    assertThat(run.stderr())
        .contains("step at 20.0 requests/s")
        .contains("step at 40.0 requests/s");
    assertThat(jobs.created()).hasSize(2);
    assertThat(jobs.commands())
        .hasSize(4)
        .allSatisfy(command -> assertThat(command).contains("--workers", "2"));
    assertNothingLeft();
  }

  @Test
  void withoutAWorkerImageTheModelImageSaysWhereTheWorkersImageGoes() throws IOException {
    CommandRun run = loadtestWithout("--requests", "4");

    // The test's ready pod names no image; a deployed one does, then the jar is needed.
    assertThat(run.exitCode()).isEqualTo(ExitCode.FAILURE);
    assertThat(run.stderr())
        .startsWith(
            "error: the pods of Service tfs-serving name no image to put the workers' next to —"
                + " pass --worker-image IMAGE");
    assertThat(jobs.created()).isEmpty();
  }

  @Test
  void theIndexAndStartOfAWorkerAreTheJobsToGive() throws IOException {
    CommandRun run = loadtest("--workers", "2", "--worker-index", "1", "--requests", "4");

    assertThat(run.exitCode()).isEqualTo(ExitCode.FAILURE);
    assertThat(run.stderr())
        .startsWith("error: --in-cluster gives each worker its index and start itself");
    assertThat(jobs.created()).isEmpty();
  }

  /** The Job, its pods and its ConfigMap are gone. */
  private void assertNothingLeft() {
    var client = api.client();
    assertThat(client.batch().v1().jobs().inNamespace(KubeApi.NAMESPACE).list().getItems())
        .isEmpty();
    assertThat(
            client
                .pods()
                .inNamespace(KubeApi.NAMESPACE)
                .withLabel(WorkerJob.COMPONENT_LABEL, WorkerJob.COMPONENT)
                .list()
                .getItems())
        .isEmpty();
    assertThat(
            client
                .configMaps()
                .inNamespace(KubeApi.NAMESPACE)
                .withLabel(WorkerJob.COMPONENT_LABEL, WorkerJob.COMPONENT)
                .list()
                .getItems())
        .isEmpty();
  }
}
