package dev.tfsdeploy.loadtest.workers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tfsdeploy.UserError;
import dev.tfsdeploy.loadtest.LoadSpec;
import dev.tfsdeploy.loadtest.ServingApi;
import dev.tfsdeploy.overlay.Kustomization;
import dev.tfsdeploy.overlay.ManifestSchema;
import dev.tfsdeploy.overlay.RenderOptions;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The load workers' Job: indexed, bounded, never retried, labelled for cleanup. */
class WorkerJobTest {
  private static final Instant START = Instant.parse("2026-03-04T05:06:07Z");

  @TempDir Path dir;

  static InClusterRequest request(LoadSpec load, int workers) {
    return new InClusterRequest(
        "serving",
        "tfs-serving",
        "4vCPU+8GB+inter_op4",
        ServingApi.REST,
        "half_plus_two",
        "serving_default",
        "{\"instances\": [[1.0]]}",
        load,
        workers,
        "registry.example/tfs-deploy-worker@sha256:" + "ab".repeat(32),
        Duration.ofSeconds(30));
  }

  private static WorkerJob job(LoadSpec load, int workers) {
    return new WorkerJob(
        request(load, workers),
        "tfs-deploy-load-0a1b2c3d",
        "serving",
        "http://tfs-serving.serving.svc:8501",
        START);
  }

  private static final LoadSpec OPEN =
      new LoadSpec(
          LoadSpec.Mode.OPEN,
          120,
          900,
          Duration.ofSeconds(60),
          0,
          Duration.ofSeconds(10),
          Duration.ofSeconds(5),
          4);

  @Test
  void isAnIndexedJobOfOnePodPerWorkerNeverRetried() {
    Job job = job(OPEN, 3).job();

    assertThat(job.getSpec().getCompletionMode()).isEqualTo("Indexed");
    assertThat(job.getSpec().getCompletions()).isEqualTo(3);
    assertThat(job.getSpec().getParallelism()).isEqualTo(3);
    assertThat(job.getSpec().getBackoffLimit()).isZero();
    assertThat(job.getSpec().getTemplate().getSpec().getRestartPolicy()).isEqualTo("Never");
  }

  @Test
  void isBoundedByTheStartDelayTheLoadsBoundAndAMargin() {
    Job job = job(OPEN, 3).job();

    // 30 s start delay + (10 s warmup + 60 s + 5 s timeout) + 60 s margin.
    assertThat(job.getSpec().getActiveDeadlineSeconds()).isEqualTo(165);
    assertThat(job.getSpec().getTtlSecondsAfterFinished()).isEqualTo(WorkerJob.TTL_SECONDS);
  }

  @Test
  void theJobItsPodsAndTheRequestCarryTheRunsLabels() {
    WorkerJob workerJob = job(OPEN, 2);

    assertThat(workerJob.job().getMetadata().getLabels())
        .containsEntry(WorkerJob.RUN_LABEL, "tfs-deploy-load-0a1b2c3d")
        .containsEntry("app.kubernetes.io/managed-by", "tfs-deploy")
        .containsEntry(WorkerJob.COMPONENT_LABEL, WorkerJob.COMPONENT);
    assertThat(workerJob.job().getSpec().getTemplate().getMetadata().getLabels())
        .isEqualTo(workerJob.labels());
    assertThat(workerJob.configMap().getMetadata().getLabels()).isEqualTo(workerJob.labels());
    assertThat(workerJob.configMap().getData())
        .containsEntry(WorkerJob.REQUEST_KEY, "{\"instances\": [[1.0]]}");
  }

  @Test
  void eachWorkerRunsTheWholeLoadsOptionsAndTakesItsShareByIndex() {
    var container = job(OPEN, 3).job().getSpec().getTemplate().getSpec().getContainers().get(0);

    assertThat(container.getArgs())
        .containsExactly(
            "loadtest",
            "--url",
            "http://tfs-serving.serving.svc:8501",
            "--protocol",
            "rest",
            "--model-name",
            "half_plus_two",
            "--signature",
            "serving_default",
            "--request",
            WorkerJob.REQUEST_DIR + "/" + WorkerJob.REQUEST_KEY,
            "--workers",
            "3",
            "--start-at",
            "2026-03-04T05:06:07Z",
            "--rate",
            "900",
            "--concurrency",
            "120",
            "--duration",
            "60000ms",
            "--warmup",
            "10000ms",
            "--timeout",
            "5000ms");
    assertThat(container.getEnv().get(0).getName()).isEqualTo("JOB_COMPLETION_INDEX");
    assertThat(container.getEnv().get(0).getValueFrom().getFieldRef().getFieldPath())
        .isEqualTo("metadata.annotations['batch.kubernetes.io/job-completion-index']");
  }

  @Test
  void fitsTheKubernetesSchema() throws IOException {
    WorkerJob workerJob = job(OPEN, 2);
    Files.writeString(
        dir.resolve("job.yaml"), new KubernetesSerialization().asYaml(workerJob.job()));
    Files.writeString(
        dir.resolve("configmap.yaml"), new KubernetesSerialization().asYaml(workerJob.configMap()));
    Files.writeString(
        dir.resolve("kustomization.yaml"), "resources:\n- job.yaml\n- configmap.yaml\n");

    ManifestSchema.check(Kustomization.load(dir).render(RenderOptions.DEFAULT), dir.toString());
  }

  @Test
  void aLoadThatDoesNotSplitIntoTheWorkersIsRefusedBeforeAnythingIsCreated() {
    LoadSpec twoConnections =
        new LoadSpec(
            LoadSpec.Mode.CLOSED,
            2,
            0,
            Duration.ofSeconds(10),
            0,
            Duration.ZERO,
            Duration.ofSeconds(5),
            1);

    assertThatThrownBy(() -> request(twoConnections, 3))
        .isInstanceOf(UserError.class)
        .hasMessage("--concurrency 2 is fewer than the 3 workers");
  }
}
