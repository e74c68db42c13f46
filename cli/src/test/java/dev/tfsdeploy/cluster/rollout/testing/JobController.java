package dev.tfsdeploy.cluster.rollout.testing;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Job controller and the kubelets of a test cluster, for Indexed Jobs: each new Job gets one
 * pod per completion index (labelled as the real controller labels them, annotated with its index),
 * and each pod's container runs its command through the {@link ContainerRuntime} the test gives
 * (the CLI itself, in-process): with its environment resolved (field references to the pod's
 * annotations), its ConfigMap volumes written to a directory that stands for the mount path, and
 * the cluster DNS names of Services resolved to the test's servers. What the container printed
 * becomes the pod's log; its exit code the pod's phase and the Job's Complete or Failed condition.
 * Pods of an image given a {@link PodFate} other than healthy never run.
 */
public final class JobController implements AutoCloseable {
  private static final KubernetesSerialization JSON = new KubernetesSerialization();
  private static final String INDEX = "batch.kubernetes.io/job-completion-index";
  private static final Pattern ANNOTATION_REF =
      Pattern.compile("metadata\\.annotations\\['([^']+)'\\]");

  /** Runs one container's command. */
  @FunctionalInterface
  public interface ContainerRuntime {
    Exit run(List<String> args, Map<String, String> env);
  }

  /** How a container ended: its exit code and everything it printed (stdout last). */
  public record Exit(int code, String log) {}

  private final KubernetesClient client;
  private final ApiServerDispatcher api;
  private final String namespace;
  private final ContainerRuntime runtime;
  private final Path volumes;
  private final ExecutorService kubelets = Executors.newCachedThreadPool();
  private final Map<String, PodFate> fates = new ConcurrentHashMap<>();
  private final Map<String, InetSocketAddress> services = new ConcurrentHashMap<>();
  private final List<Job> jobs = new CopyOnWriteArrayList<>();
  private final List<List<String>> commands = new CopyOnWriteArrayList<>();
  private Watch watch;

  public JobController(KubeApi api, ContainerRuntime runtime, Path volumes) {
    this(api, runtime, volumes, KubeApi.NAMESPACE);
  }

  /** The Job controller and kubelets of one namespace. */
  public JobController(KubeApi api, ContainerRuntime runtime, Path volumes, String namespace) {
    this.client = api.newClient();
    this.api = api.dispatcher();
    this.namespace = namespace;
    this.runtime = runtime;
    this.volumes = volumes;
  }

  /** Pods running {@code image} meet {@code fate} (default: they run their command). */
  public JobController fate(String image, PodFate fate) {
    fates.put(image, fate);
    return this;
  }

  /** Cluster DNS: {@code host:port} (e.g. {@code tfs-serving.serving.svc:8501}) reaches this. */
  public JobController service(String hostAndPort, InetSocketAddress backend) {
    services.put(hostAndPort, backend);
    return this;
  }

  /** The Jobs created so far, as they were created. */
  public List<Job> created() {
    return List.copyOf(jobs);
  }

  /** Every command a container ran, as the test cluster ran it. */
  public List<List<String>> commands() {
    return List.copyOf(commands);
  }

  public JobController start() {
    watch =
        client
            .batch()
            .v1()
            .jobs()
            .inNamespace(namespace)
            .watch(
                new Watcher<>() {
                  @Override
                  public void eventReceived(Action action, Job job) {
                    if (action == Action.ADDED) {
                      jobs.add(job);
                      kubelets.execute(() -> launch(job));
                    }
                  }

                  @Override
                  public void onClose(WatcherException cause) {}
                });
    return this;
  }

  @Override
  public void close() {
    if (watch != null) {
      watch.close();
    }
    kubelets.shutdownNow();
    client.close();
  }

  private void launch(Job job) {
    int completions = job.getSpec().getCompletions();
    Container container = job.getSpec().getTemplate().getSpec().getContainers().get(0);
    PodFate fate = fates.getOrDefault(container.getImage(), PodFate.HEALTHY);
    AtomicInteger succeeded = new AtomicInteger();
    AtomicInteger failed = new AtomicInteger();
    for (int index = 0; index < completions; index++) {
      Pod pod = createPod(job, index);
      String name = pod.getMetadata().getName();
      if (fate != PodFate.HEALTHY) {
        setStatus(name, failedStatus(fate, name, container));
        continue;
      }
      setStatus(name, new PodStatusBuilder().withPhase("Running").build());
      kubelets.execute(
          () -> {
            Exit exit = run(pod, container);
            api.podLog(name, container.getName(), new ApiServerDispatcher.PodLog(exit.log(), ""));
            setStatus(name, ended(container, exit.code()));
            (exit.code() == 0 ? succeeded : failed).incrementAndGet();
            if (succeeded.get() + failed.get() == completions) {
              finish(job.getMetadata().getName(), succeeded.get(), failed.get());
            }
          });
    }
  }

  private Pod createPod(Job job, int index) {
    Map<String, String> labels =
        new LinkedHashMap<>(job.getSpec().getTemplate().getMetadata().getLabels());
    labels.put("job-name", job.getMetadata().getName());
    labels.put("batch.kubernetes.io/job-name", job.getMetadata().getName());
    labels.put("batch.kubernetes.io/job-completion-index", String.valueOf(index));
    Pod pod =
        new PodBuilder()
            .withNewMetadata()
            .withName(job.getMetadata().getName() + "-" + index + "-x" + index)
            .withNamespace(namespace)
            .withLabels(labels)
            .addToAnnotations(INDEX, String.valueOf(index))
            .withOwnerReferences(
                new OwnerReferenceBuilder()
                    .withApiVersion("batch/v1")
                    .withKind("Job")
                    .withName(job.getMetadata().getName())
                    .withUid(job.getMetadata().getUid())
                    .withController(true)
                    .build())
            .endMetadata()
            .withSpec(JSON.clone(job.getSpec().getTemplate().getSpec()))
            .build();
    return client.pods().inNamespace(namespace).resource(pod).create();
  }

  /** What the kubelet would run: the args with mounts, environment and Service names resolved. */
  private Exit run(Pod pod, Container container) {
    Map<String, String> env = new HashMap<>();
    for (EnvVar variable : container.getEnv()) {
      env.put(variable.getName(), value(pod, variable));
    }
    Map<String, Path> mounts = mounts(pod, container);
    List<String> args = new ArrayList<>();
    for (String arg : container.getArgs()) {
      String resolved = arg;
      for (Map.Entry<String, Path> mount : mounts.entrySet()) {
        resolved = resolved.replace(mount.getKey(), mount.getValue().toString());
      }
      for (Map.Entry<String, InetSocketAddress> service : services.entrySet()) {
        resolved =
            resolved.replace(
                "://" + service.getKey(),
                "://"
                    + service.getValue().getAddress().getHostAddress()
                    + ":"
                    + service.getValue().getPort());
      }
      args.add(resolved);
    }
    commands.add(List.copyOf(args));
    return runtime.run(args, env);
  }

  private static String value(Pod pod, EnvVar variable) {
    if (variable.getValueFrom() == null) {
      return variable.getValue();
    }
    Matcher ref = ANNOTATION_REF.matcher(variable.getValueFrom().getFieldRef().getFieldPath());
    if (!ref.matches()) {
      throw new IllegalStateException("unsupported field reference in " + variable);
    }
    return pod.getMetadata().getAnnotations().get(ref.group(1));
  }

  /**
   * Each ConfigMap volume's files in a directory of their own, by the mount path they stand for.
   */
  private Map<String, Path> mounts(Pod pod, Container container) {
    Map<String, Path> mounts = new LinkedHashMap<>();
    for (VolumeMount mount : container.getVolumeMounts()) {
      Volume volume =
          pod.getSpec().getVolumes().stream()
              .filter(v -> v.getName().equals(mount.getName()))
              .findFirst()
              .orElseThrow();
      ConfigMap configMap = awaitConfigMap(volume.getConfigMap().getName());
      try {
        Path dir = Files.createDirectories(volumes.resolve(pod.getMetadata().getName()));
        for (Map.Entry<String, String> file : configMap.getData().entrySet()) {
          Files.writeString(dir.resolve(file.getKey()), file.getValue());
        }
        mounts.put(mount.getMountPath(), dir);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return mounts;
  }

  /** As the kubelet, waits in ContainerCreating until the ConfigMap a volume needs exists. */
  private ConfigMap awaitConfigMap(String name) {
    for (int attempt = 0; attempt < 100; attempt++) {
      ConfigMap configMap = client.configMaps().inNamespace(namespace).withName(name).get();
      if (configMap != null) {
        return configMap;
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
    throw new IllegalStateException("no ConfigMap " + name);
  }

  private static PodStatus ended(Container container, int code) {
    return new PodStatusBuilder()
        .withPhase(code == 0 ? "Succeeded" : "Failed")
        .addNewContainerStatus()
        .withName(container.getName())
        .withImage(container.getImage())
        .withReady(false)
        .withRestartCount(0)
        .withNewState()
        .withNewTerminated()
        .withExitCode(code)
        .withReason(code == 0 ? "Completed" : "Error")
        .withFinishedAt(Instant.now().toString())
        .endTerminated()
        .endState()
        .endContainerStatus()
        .build();
  }

  /** A pod that never runs its command: the fate's status, as a Job pod (never restarted). */
  private static PodStatus failedStatus(PodFate fate, String pod, Container container) {
    if (fate == PodFate.OOM_KILLED) {
      PodStatus status = ended(container, 137);
      status.getContainerStatuses().get(0).getState().getTerminated().setReason("OOMKilled");
      return status;
    }
    return ClusterSimulator.podStatus(fate, pod, container.getName(), container.getImage());
  }

  private void setStatus(String pod, PodStatus status) {
    client
        .pods()
        .inNamespace(namespace)
        .withName(pod)
        .editStatus(
            p -> {
              p.setStatus(status);
              return p;
            });
  }

  private void finish(String job, int succeeded, int failed) {
    String now = Instant.now().toString();
    client
        .batch()
        .v1()
        .jobs()
        .inNamespace(namespace)
        .withName(job)
        .editStatus(
            j -> {
              j.setStatus(
                  new JobStatusBuilder()
                      .withSucceeded(succeeded)
                      .withFailed(failed)
                      .withCompletionTime(failed == 0 ? now : null)
                      .withConditions(
                          failed == 0
                              ? new JobConditionBuilder()
                                  .withType("Complete")
                                  .withStatus("True")
                                  .withLastTransitionTime(now)
                                  .build()
                              : new JobConditionBuilder()
                                  .withType("Failed")
                                  .withStatus("True")
                                  .withReason("BackoffLimitExceeded")
                                  .withMessage("Job has reached the specified backoff limit")
                                  .withLastTransitionTime(now)
                                  .build())
                      .build());
              return j;
            });
  }
}
