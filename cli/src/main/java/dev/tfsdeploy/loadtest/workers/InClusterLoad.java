package dev.tfsdeploy.loadtest.workers;

import dev.tfsdeploy.UserError;
import dev.tfsdeploy.cluster.rollout.PodProblem;
import dev.tfsdeploy.cluster.rollout.PodProblems;
import dev.tfsdeploy.loadtest.DeployedService;
import dev.tfsdeploy.loadtest.ResultFiles;
import dev.tfsdeploy.loadtest.ResultMerge;
import dev.tfsdeploy.loadtest.WorkerResult;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Runs a load from inside the cluster: an Indexed Job of load workers ({@link WorkerJob}) aimed at
 * the experiment's Service, all starting at one instant; waits for it, reads each worker's result
 * from the last line of its log, and merges them exactly. The Job, its pods and its ConfigMap are
 * deleted however the run ends, including when the JVM is stopped; a worker that fails (image pull,
 * OOM, crash, no room) fails the run with the pod's reason.
 */
public final class InClusterLoad {
  /** Reports what the run is doing, for the CLI's log. */
  @FunctionalInterface
  public interface Listener {
    Listener NONE = line -> {};

    void info(String line);
  }

  private static final Duration POLL = Duration.ofMillis(500);
  private static final String INDEX_ANNOTATION = "batch.kubernetes.io/job-completion-index";

  private final KubernetesClient client;
  private final Listener listener;
  private final Clock clock;

  public InClusterLoad(KubernetesClient client, Listener listener, Clock clock) {
    this.client = client;
    this.listener = listener;
    this.clock = clock;
  }

  /** Runs the load and returns the merged result and each worker's. */
  public WorkersResult run(InClusterRequest request) {
    DeployedService service =
        DeployedService.find(client, request.namespace(), request.service(), request.experiment());
    String name =
        "tfs-deploy-load-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
    WorkerJob job =
        new WorkerJob(
            request,
            name,
            service.namespace(),
            service.clusterUrl(request.api()),
            clock.instant().plus(request.startDelay()));
    Thread cleanup = new Thread(() -> delete(job), "loadtest-workers-cleanup");
    Runtime.getRuntime().addShutdownHook(cleanup);
    try {
      create(job);
      listener.info(
          "load workers: Job "
              + name
              + " in namespace "
              + job.namespace()
              + ", "
              + request.workers()
              + " worker(s) of "
              + request.workerImage()
              + " -> "
              + job.url()
              + ", starting at "
              + job.startAt());
      awaitCompletion(job);
      List<WorkerResult> workers = results(job);
      return new WorkersResult(ResultMerge.measurement(workers), workers);
    } catch (KubernetesClientException e) {
      throw new UserError(
          "the load workers' Job " + name + " failed in the API: " + e.getMessage(),
          "check that the credentials may create jobs and configmaps and get pods/log in namespace "
              + job.namespace(),
          e);
    } finally {
      delete(job);
      try {
        Runtime.getRuntime().removeShutdownHook(cleanup);
      } catch (IllegalStateException shuttingDown) {
        // The hook is running or ran: it deleted the Job too.
      }
    }
  }

  private void create(WorkerJob job) {
    Job created =
        client.batch().v1().jobs().inNamespace(job.namespace()).resource(job.job()).create();
    var configMap = job.configMap();
    // Owned by the Job, so the cluster deletes it with the Job even if this process cannot.
    configMap
        .getMetadata()
        .setOwnerReferences(
            List.of(
                new OwnerReferenceBuilder()
                    .withApiVersion("batch/v1")
                    .withKind("Job")
                    .withName(job.name())
                    .withUid(created.getMetadata().getUid())
                    .build()));
    client.configMaps().inNamespace(job.namespace()).resource(configMap).create();
  }

  /** Waits for the Job to complete; fails at the first worker that cannot. */
  private void awaitCompletion(WorkerJob job) {
    Instant deadline = clock.instant().plus(job.activeDeadline());
    while (true) {
      Job current =
          client.batch().v1().jobs().inNamespace(job.namespace()).withName(job.name()).get();
      if (current == null) {
        throw new UserError(
            "the load workers' Job " + job.name() + " was deleted during the run",
            "rerun the load test, and leave its Job alone while it runs");
      }
      Optional<PodProblem> problem =
          pods(job).stream().flatMap(pod -> PodProblems.of(pod).stream()).findFirst();
      if (problem.isPresent()
          && (!"Unschedulable".equals(problem.get().reason())
              || clock.instant().isAfter(job.startAt()))) {
        throw workerFailed(job, problem.get());
      }
      if (condition(current, "Complete").isPresent()) {
        return;
      }
      Optional<JobCondition> failed = condition(current, "Failed");
      if (failed.isPresent()) {
        throw new UserError(
            "the load workers' Job "
                + job.name()
                + " failed: "
                + failed.get().getReason()
                + (failed.get().getMessage() == null ? "" : " — " + failed.get().getMessage()),
            "see the workers' logs: kubectl logs -n "
                + job.namespace()
                + " -l "
                + WorkerJob.RUN_LABEL
                + "="
                + job.name());
      }
      if (clock.instant().isAfter(deadline)) {
        throw new UserError(
            "the load workers did not finish within " + job.activeDeadline().toSeconds() + " s",
            "check the workers' pods: kubectl get pods -n "
                + job.namespace()
                + " -l "
                + WorkerJob.RUN_LABEL
                + "="
                + job.name());
      }
      sleep();
    }
  }

  private static UserError workerFailed(WorkerJob job, PodProblem problem) {
    String fix =
        switch (problem.reason()) {
          case "ImagePullBackOff", "ErrImagePull", "InvalidImageName" ->
              "check --worker-image and that the cluster's nodes may pull it";
          case "OOMKilled" -> "the worker ran out of memory: lower --concurrency or add --workers";
          case "Unschedulable" -> "the cluster has no room for the workers: use fewer --workers";
          default ->
              "see the worker's log: kubectl logs -n " + job.namespace() + " " + problem.pod();
        };
    return new UserError("load worker failed: " + problem, fix);
  }

  /** Each worker's result, read from the last line of its pod's log. */
  private List<WorkerResult> results(WorkerJob job) {
    Map<Integer, WorkerResult> byIndex = new TreeMap<>();
    for (Pod pod : pods(job)) {
      if (!"Succeeded".equals(pod.getStatus() == null ? null : pod.getStatus().getPhase())) {
        continue;
      }
      String index =
          Optional.ofNullable(pod.getMetadata().getAnnotations())
              .map(a -> a.get(INDEX_ANNOTATION))
              .orElse("?");
      String source = "worker " + index + " (pod " + pod.getMetadata().getName() + ")";
      String log =
          client
              .pods()
              .inNamespace(job.namespace())
              .withName(pod.getMetadata().getName())
              .inContainer(WorkerJob.CONTAINER)
              .tailingLines(5)
              .getLog();
      String last =
          log == null
              ? ""
              : log.lines().filter(line -> !line.isBlank()).reduce((a, b) -> b).orElse("");
      if (last.isEmpty()) {
        throw new UserError(
            source + " logged no result", "check the worker image runs tfs-deploy loadtest");
      }
      byIndex.put(
          index.matches("[0-9]+") ? Integer.parseInt(index) : byIndex.size(),
          new WorkerResult(index, ResultFiles.parseLine(last, source)));
    }
    if (byIndex.size() != job.request().workers()) {
      throw new UserError(
          "only " + byIndex.size() + " of " + job.request().workers() + " load workers succeeded",
          "see the workers' pods: kubectl get pods -n "
              + job.namespace()
              + " -l "
              + WorkerJob.RUN_LABEL
              + "="
              + job.name());
    }
    return new ArrayList<>(byIndex.values());
  }

  private List<Pod> pods(WorkerJob job) {
    return client
        .pods()
        .inNamespace(job.namespace())
        .withLabel(WorkerJob.RUN_LABEL, job.name())
        .list()
        .getItems();
  }

  /** Deletes the Job, its pods and its ConfigMap; best effort, each on its own. */
  private void delete(WorkerJob job) {
    try {
      client
          .batch()
          .v1()
          .jobs()
          .inNamespace(job.namespace())
          .withName(job.name())
          .withPropagationPolicy(DeletionPropagation.BACKGROUND)
          .delete();
      // The garbage collector would delete the pods and the ConfigMap; not waiting for it frees
      // the nodes now.
      client
          .pods()
          .inNamespace(job.namespace())
          .withLabel(WorkerJob.RUN_LABEL, job.name())
          .delete();
      client.configMaps().inNamespace(job.namespace()).withName(job.name()).delete();
    } catch (KubernetesClientException e) {
      listener.info(
          "could not delete the load workers' Job "
              + job.name()
              + " ("
              + e.getMessage()
              + "); its ttlSecondsAfterFinished deletes it later");
    }
  }

  private static Optional<JobCondition> condition(Job job, String type) {
    if (job.getStatus() == null || job.getStatus().getConditions() == null) {
      return Optional.empty();
    }
    return job.getStatus().getConditions().stream()
        .filter(c -> type.equals(c.getType()) && "True".equals(c.getStatus()))
        .findFirst();
  }

  private static void sleep() {
    try {
      Thread.sleep(POLL.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UserError("the load test was interrupted", "rerun it");
    }
  }
}
