package dev.tfsdeploy.loadtest.workers;

import dev.tfsdeploy.cluster.rollout.AppLabels;
import dev.tfsdeploy.loadtest.LoadSpec;
import dev.tfsdeploy.loadtest.ServingApi;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The Kubernetes objects of one in-cluster run: an Indexed Job of load workers (one pod per worker,
 * all started together, none retried) and the ConfigMap holding the predict body they send. Both
 * carry the run's labels, by which they and the pods are found and deleted.
 *
 * @param name the Job's and ConfigMap's name, unique per run
 * @param namespace where they run: the experiment's namespace
 * @param url the address the workers load (the Service's cluster DNS name)
 * @param startAt when the workers start
 */
public record WorkerJob(
    InClusterRequest request, String name, String namespace, String url, Instant startAt) {
  /** The label naming the run; its value is the Job's name. */
  public static final String RUN_LABEL = "tfs-deploy.dev/loadtest-run";

  /** The label every load worker object has, for cleaning up after a CLI that died. */
  public static final String COMPONENT_LABEL = "app.kubernetes.io/component";

  public static final String COMPONENT = "loadtest-worker";
  public static final String CONTAINER = "worker";

  /** Where the worker reads the predict body. */
  static final String REQUEST_DIR = "/etc/tfs-deploy-request";

  static final String REQUEST_KEY = "request.json";

  /** A finished Job stays this long if the CLI could not delete it (killed, network lost). */
  static final int TTL_SECONDS = 600;

  /** On top of the start delay and the load's bound: JVM start, result, a slow node. */
  static final Duration DEADLINE_MARGIN = Duration.ofSeconds(60);

  /** The Job runs no longer than this, so a stuck worker cannot hold nodes forever. */
  public Duration activeDeadline() {
    return request.startDelay().plus(request.load().bound()).plus(DEADLINE_MARGIN);
  }

  public Map<String, String> labels() {
    return Map.of(
        AppLabels.MANAGED_BY, AppLabels.TOOL, COMPONENT_LABEL, COMPONENT, RUN_LABEL, name);
  }

  public ConfigMap configMap() {
    return new ConfigMapBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(namespace)
        .withLabels(labels())
        .endMetadata()
        .addToData(REQUEST_KEY, request.body())
        .build();
  }

  public Job job() {
    long deadline = Math.max(1, (long) Math.ceil(activeDeadline().toMillis() / 1000.0));
    return new JobBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(namespace)
        .withLabels(labels())
        .endMetadata()
        .withNewSpec()
        .withCompletionMode("Indexed")
        .withCompletions(request.workers())
        .withParallelism(request.workers())
        .withBackoffLimit(0)
        .withTtlSecondsAfterFinished(TTL_SECONDS)
        .withActiveDeadlineSeconds(deadline)
        .withNewTemplate()
        .withNewMetadata()
        .withLabels(labels())
        .endMetadata()
        .withNewSpec()
        .withRestartPolicy("Never")
        .addNewContainer()
        .withName(CONTAINER)
        .withImage(request.workerImage())
        .withArgs(args())
        .addNewEnv()
        // The Job controller sets it too on recent clusters; older ones only have the annotation.
        .withName("JOB_COMPLETION_INDEX")
        .withNewValueFrom()
        .withNewFieldRef()
        .withFieldPath("metadata.annotations['batch.kubernetes.io/job-completion-index']")
        .endFieldRef()
        .endValueFrom()
        .endEnv()
        .withNewResources()
        // A generator thread per core; the JVM takes a quarter of the limit as its heap.
        .addToRequests("cpu", new Quantity("1"))
        .addToRequests("memory", new Quantity("512Mi"))
        .addToLimits("memory", new Quantity("1Gi"))
        .endResources()
        .addNewVolumeMount()
        .withName("request")
        .withMountPath(REQUEST_DIR)
        .withReadOnly(true)
        .endVolumeMount()
        .endContainer()
        .addNewVolume()
        .withName("request")
        .withNewConfigMap()
        .withName(name)
        .endConfigMap()
        .endVolume()
        .endSpec()
        .endTemplate()
        .endSpec()
        .build();
  }

  /** The worker's command line: {@code loadtest} with its share, the index from the Job. */
  List<String> args() {
    LoadSpec load = request.load();
    List<String> args = new ArrayList<>();
    args.addAll(
        List.of(
            "loadtest",
            "--url",
            url,
            "--protocol",
            request.api() == ServingApi.REST ? "rest" : "grpc",
            "--model-name",
            request.modelName(),
            "--signature",
            request.signature(),
            "--request",
            REQUEST_DIR + "/" + REQUEST_KEY,
            "--workers",
            String.valueOf(request.workers()),
            "--start-at",
            startAt.toString()));
    if (load.mode() == LoadSpec.Mode.OPEN) {
      args.addAll(
          List.of("--rate", BigDecimal.valueOf(load.rate()).stripTrailingZeros().toPlainString()));
    }
    args.addAll(List.of("--concurrency", String.valueOf(load.connections())));
    if (load.duration() != null) {
      args.addAll(List.of("--duration", millis(load.duration())));
    } else {
      args.addAll(List.of("--requests", String.valueOf(load.requests())));
    }
    args.addAll(List.of("--warmup", millis(load.warmup()), "--timeout", millis(load.timeout())));
    return args;
  }

  private static String millis(Duration duration) {
    return duration.toMillis() + "ms";
  }
}
