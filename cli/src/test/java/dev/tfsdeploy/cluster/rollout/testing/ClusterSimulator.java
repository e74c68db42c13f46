package dev.tfsdeploy.cluster.rollout.testing;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LoadBalancerIngressBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.DeploymentConditionBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The cluster side of a test: what the Deployment controller, the scheduler and the kubelets do,
 * reduced to the status they write. It watches Deployments (through the API, like a controller) and
 * for each new spec makes or reuses a ReplicaSet with the next revision number, makes its pods, and
 * gives them the {@link PodFate} the test chose for their image; it then writes the Deployment
 * status the real controller would (observedGeneration, replica counts, and {@code
 * ProgressDeadlineExceeded} for a revision that cannot become available). LoadBalancer Services get
 * an ingress address once {@link #assignLoadBalancerAddress} says so.
 */
public final class ClusterSimulator implements AutoCloseable {
  private static final KubernetesSerialization JSON = new KubernetesSerialization();
  private static final String HASH = "pod-template-hash";
  private static final String REVISION = "deployment.kubernetes.io/revision";

  private final KubernetesClient client;
  private final ApiServerDispatcher api;
  private final String namespace;
  private final ScheduledExecutorService controller =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread thread = new Thread(r, "cluster-simulator");
            thread.setDaemon(true);
            return thread;
          });
  private final Map<String, PodFate> fates = new ConcurrentHashMap<>();
  private final Map<String, Boolean> healthyReplicaSets = new ConcurrentHashMap<>();
  private final List<String> createdPods = new CopyOnWriteArrayList<>();
  private final AtomicInteger eventCounter = new AtomicInteger();
  private final List<Watch> watches = new ArrayList<>();
  private volatile long deadlineDelayMillis = 300;
  private volatile String loadBalancerAddress;
  private volatile InetSocketAddress servingBackend;
  private final Map<String, InetSocketAddress> backendsByImage = new ConcurrentHashMap<>();

  public ClusterSimulator(KubeApi api) {
    this(api, KubeApi.NAMESPACE);
  }

  /** The controllers of one namespace (a cluster runs one simulator per namespace in use). */
  public ClusterSimulator(KubeApi api, String namespace) {
    this.client = api.newClient();
    this.api = api.dispatcher();
    this.namespace = namespace;
  }

  /** Pods whose TF Serving container runs {@code image} meet {@code fate} (default: healthy). */
  public ClusterSimulator fate(String image, PodFate fate) {
    fates.put(image, fate);
    return this;
  }

  /**
   * How long a failing revision takes to hit its progress deadline (the real default is 10
   * minutes).
   */
  public ClusterSimulator progressDeadlineAfterMillis(long millis) {
    this.deadlineDelayMillis = millis;
    return this;
  }

  /** From now on, LoadBalancer Services get this ingress address (an IP, or a hostname). */
  public ClusterSimulator assignLoadBalancerAddress(String address) {
    this.loadBalancerAddress = address;
    controller.execute(this::assignAddresses);
    return this;
  }

  /** Healthy pods' ports (port-forwarded) reach this server, standing in for TF Serving. */
  public ClusterSimulator servingBackend(InetSocketAddress backend) {
    this.servingBackend = backend;
    return this;
  }

  /** Healthy pods running {@code image} reach this server instead (a canary's own backend). */
  public ClusterSimulator servingBackend(String image, InetSocketAddress backend) {
    backendsByImage.put(image, backend);
    return this;
  }

  public List<String> createdPods() {
    return List.copyOf(createdPods);
  }

  public ClusterSimulator start() {
    watches.add(
        client
            .apps()
            .deployments()
            .inNamespace(namespace)
            .watch(
                new Watcher<>() {
                  @Override
                  public void eventReceived(Action action, Deployment deployment) {
                    if (action == Action.ADDED || action == Action.MODIFIED) {
                      String name = deployment.getMetadata().getName();
                      controller.execute(() -> reconcile(name));
                    }
                  }

                  @Override
                  public void onClose(WatcherException cause) {}
                }));
    watches.add(
        client
            .services()
            .inNamespace(namespace)
            .watch(
                new Watcher<>() {
                  @Override
                  public void eventReceived(Action action, Service service) {
                    if (action == Action.ADDED) {
                      controller.execute(ClusterSimulator.this::assignAddresses);
                    }
                  }

                  @Override
                  public void onClose(WatcherException cause) {}
                }));
    return this;
  }

  @Override
  public void close() {
    watches.forEach(Watch::close);
    controller.shutdownNow();
    client.close();
  }

  private void reconcile(String name) {
    Deployment deployment = client.apps().deployments().inNamespace(namespace).withName(name).get();
    if (deployment == null) {
      return;
    }
    long generation = Objects.requireNonNullElse(deployment.getMetadata().getGeneration(), 1L);
    if (deployment.getStatus() != null
        && deployment.getStatus().getObservedGeneration() != null
        && deployment.getStatus().getObservedGeneration() >= generation) {
      return;
    }
    String hash = hash(deployment.getSpec().getTemplate());
    List<ReplicaSet> owned =
        client.apps().replicaSets().inNamespace(namespace).list().getItems().stream()
            .filter(rs -> ownedBy(rs, deployment))
            .toList();
    long maxRevision = owned.stream().mapToLong(ClusterSimulator::revision).max().orElse(0);
    ReplicaSet current =
        owned.stream()
            .filter(rs -> hash.equals(rs.getMetadata().getLabels().get(HASH)))
            .findFirst()
            .orElse(null);
    int desired = Objects.requireNonNullElse(deployment.getSpec().getReplicas(), 1);
    String image = deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getImage();
    PodFate fate = fates.getOrDefault(image, PodFate.HEALTHY);
    long revision;
    if (current == null) {
      revision = maxRevision + 1;
      current = createReplicaSet(deployment, hash, revision, desired);
      createPods(deployment, current, desired, fate);
    } else {
      revision = revision(current) == maxRevision ? maxRevision : maxRevision + 1;
      long newRevision = revision;
      current =
          client
              .apps()
              .replicaSets()
              .inNamespace(namespace)
              .withName(current.getMetadata().getName())
              .edit(
                  rs -> {
                    rs.getMetadata().getAnnotations().put(REVISION, Long.toString(newRevision));
                    rs.getSpec().setReplicas(desired);
                    return rs;
                  });
      if (pods(current).isEmpty()) {
        createPods(deployment, current, desired, fate);
      }
    }
    String currentName = current.getMetadata().getName();
    if (!Long.toString(revision).equals(annotation(deployment, REVISION))) {
      client
          .apps()
          .deployments()
          .inNamespace(namespace)
          .withName(name)
          .edit(
              d -> {
                Map<String, String> annotations =
                    new LinkedHashMap<>(
                        Objects.requireNonNullElse(d.getMetadata().getAnnotations(), Map.of()));
                annotations.put(REVISION, Long.toString(revision));
                d.getMetadata().setAnnotations(annotations);
                return d;
              });
    }
    boolean healthy = fate == PodFate.HEALTHY;
    healthyReplicaSets.put(currentName, healthy);
    List<ReplicaSet> others =
        owned.stream().filter(rs -> !rs.getMetadata().getName().equals(currentName)).toList();
    if (healthy) {
      others.forEach(this::scaleToZero);
    }
    writeStatus(name, currentName, desired, healthy, false);
    if (healthy || fate == PodFate.STALLED) {
      return;
    }
    var unused = // fire and forget, as the real controller's deadline check
        controller.schedule(
            () -> writeStatus(name, currentName, desired, false, true),
            deadlineDelayMillis,
            TimeUnit.MILLISECONDS);
  }

  private void writeStatus(
      String name,
      String currentReplicaSet,
      int desired,
      boolean healthy,
      boolean deadlineExceeded) {
    Deployment deployment = client.apps().deployments().inNamespace(namespace).withName(name).get();
    if (deployment == null || !currentReplicaSet.equals(currentReplicaSetName(deployment))) {
      return; // a newer spec (a rollback) has taken over
    }
    List<ReplicaSet> owned =
        client.apps().replicaSets().inNamespace(namespace).list().getItems().stream()
            .filter(rs -> ownedBy(rs, deployment))
            .toList();
    int total = 0;
    int available = 0;
    for (ReplicaSet rs : owned) {
      int replicas = Objects.requireNonNullElse(rs.getSpec().getReplicas(), 0);
      total += replicas;
      if (healthyReplicaSets.getOrDefault(rs.getMetadata().getName(), false)) {
        available += replicas;
      }
    }
    String now = Instant.now().toString();
    List<DeploymentCondition> conditions = new ArrayList<>();
    conditions.add(
        new DeploymentConditionBuilder()
            .withType("Available")
            .withStatus(available >= desired ? "True" : "False")
            .withReason(
                available >= desired ? "MinimumReplicasAvailable" : "MinimumReplicasUnavailable")
            .withLastUpdateTime(now)
            .build());
    if (deadlineExceeded) {
      conditions.add(
          new DeploymentConditionBuilder()
              .withType("Progressing")
              .withStatus("False")
              .withReason("ProgressDeadlineExceeded")
              .withMessage("ReplicaSet \"" + currentReplicaSet + "\" has timed out progressing.")
              .withLastUpdateTime(now)
              .build());
    } else {
      conditions.add(
          new DeploymentConditionBuilder()
              .withType("Progressing")
              .withStatus("True")
              .withReason(healthy ? "NewReplicaSetAvailable" : "ReplicaSetUpdated")
              .withMessage(
                  "ReplicaSet \""
                      + currentReplicaSet
                      + "\" "
                      + (healthy ? "has successfully progressed." : "is progressing."))
              .withLastUpdateTime(now)
              .build());
    }
    long generation = deployment.getMetadata().getGeneration();
    int totalReplicas = total;
    int availableReplicas = available;
    client
        .apps()
        .deployments()
        .inNamespace(namespace)
        .withName(name)
        .editStatus(
            d -> {
              d.setStatus(
                  new DeploymentStatusBuilder()
                      .withObservedGeneration(generation)
                      .withReplicas(totalReplicas)
                      .withUpdatedReplicas(desired)
                      .withReadyReplicas(availableReplicas)
                      .withAvailableReplicas(availableReplicas)
                      .withUnavailableReplicas(Math.max(0, totalReplicas - availableReplicas))
                      .withConditions(conditions)
                      .build());
              return d;
            });
  }

  private String currentReplicaSetName(Deployment deployment) {
    String hash = hash(deployment.getSpec().getTemplate());
    return client.apps().replicaSets().inNamespace(namespace).list().getItems().stream()
        .filter(
            rs -> ownedBy(rs, deployment) && hash.equals(rs.getMetadata().getLabels().get(HASH)))
        .map(rs -> rs.getMetadata().getName())
        .findFirst()
        .orElse("");
  }

  private ReplicaSet createReplicaSet(
      Deployment deployment, String hash, long revision, int desired) {
    PodTemplateSpec template = JSON.clone(deployment.getSpec().getTemplate());
    Map<String, String> labels = new LinkedHashMap<>(template.getMetadata().getLabels());
    labels.put(HASH, hash);
    template.getMetadata().setLabels(labels);
    Map<String, String> selector =
        new LinkedHashMap<>(deployment.getSpec().getSelector().getMatchLabels());
    selector.put(HASH, hash);
    ReplicaSet rs =
        new ReplicaSetBuilder()
            .withNewMetadata()
            .withName(deployment.getMetadata().getName() + "-" + hash)
            .withNamespace(namespace)
            .withLabels(labels)
            .addToAnnotations(REVISION, Long.toString(revision))
            .withOwnerReferences(
                new OwnerReferenceBuilder()
                    .withApiVersion("apps/v1")
                    .withKind("Deployment")
                    .withName(deployment.getMetadata().getName())
                    .withUid(deployment.getMetadata().getUid())
                    .withController(true)
                    .build())
            .endMetadata()
            .withNewSpec()
            .withReplicas(desired)
            .withNewSelector()
            .withMatchLabels(selector)
            .endSelector()
            .withTemplate(template)
            .endSpec()
            .build();
    ReplicaSet created = client.apps().replicaSets().inNamespace(namespace).resource(rs).create();
    client
        .apps()
        .replicaSets()
        .inNamespace(namespace)
        .withName(created.getMetadata().getName())
        .editStatus(
            r -> {
              r.setStatus(
                  new ReplicaSetStatusBuilder()
                      .withReplicas(desired)
                      .withObservedGeneration(1L)
                      .build());
              return r;
            });
    return created;
  }

  private void createPods(Deployment deployment, ReplicaSet rs, int count, PodFate fate) {
    PodTemplateSpec template = rs.getSpec().getTemplate();
    String container = template.getSpec().getContainers().get(0).getName();
    String image = template.getSpec().getContainers().get(0).getImage();
    for (int i = 0; i < count; i++) {
      String podName = rs.getMetadata().getName() + "-" + i;
      Pod pod =
          new PodBuilder()
              .withNewMetadata()
              .withName(podName)
              .withNamespace(namespace)
              .withLabels(template.getMetadata().getLabels())
              .withOwnerReferences(
                  new OwnerReferenceBuilder()
                      .withApiVersion("apps/v1")
                      .withKind("ReplicaSet")
                      .withName(rs.getMetadata().getName())
                      .withUid(rs.getMetadata().getUid())
                      .withController(true)
                      .build())
              .endMetadata()
              .withSpec(JSON.clone(template.getSpec()))
              .build();
      client.pods().inNamespace(namespace).resource(pod).create();
      PodStatus status = podStatus(fate, podName, container, image);
      client
          .pods()
          .inNamespace(namespace)
          .withName(podName)
          .editStatus(
              p -> {
                p.setStatus(status);
                return p;
              });
      createdPods.add(podName);
      podSideEffects(fate, podName, container, image);
    }
    event(
        "ReplicaSet",
        rs.getMetadata().getName(),
        "Normal",
        "SuccessfulCreate",
        "Created pod: " + rs.getMetadata().getName() + "-0");
    event(
        "Deployment",
        deployment.getMetadata().getName(),
        "Normal",
        "ScalingReplicaSet",
        "Scaled up replica set " + rs.getMetadata().getName() + " to " + count);
  }

  private void podSideEffects(PodFate fate, String pod, String container, String image) {
    switch (fate) {
      case HEALTHY -> {
        api.podLog(pod, container, new ApiServerDispatcher.PodLog(TfServingLogs.started(), ""));
        InetSocketAddress backend = backendsByImage.getOrDefault(image, servingBackend);
        if (backend != null) {
          api.forwardPod(pod, backend);
        }
      }
      case IMAGE_PULL_BACKOFF -> {
        event(
            "Pod",
            pod,
            "Warning",
            "Failed",
            "Failed to pull image \""
                + image
                + "\": rpc error: code = NotFound desc = failed to pull and unpack image \""
                + image
                + "\": not found");
        event("Pod", pod, "Warning", "Failed", "Error: ErrImagePull");
        event("Pod", pod, "Normal", "BackOff", "Back-off pulling image \"" + image + "\"");
      }
      case CRASH_LOOP -> {
        api.podLog(
            pod,
            container,
            new ApiServerDispatcher.PodLog("", TfServingLogs.crashedOnMissingModel()));
        event(
            "Pod",
            pod,
            "Warning",
            "BackOff",
            "Back-off restarting failed container " + container + " in pod " + pod);
      }
      case OOM_KILLED -> {
        api.podLog(
            pod, container, new ApiServerDispatcher.PodLog("", TfServingLogs.killedWhileLoading()));
        event(
            "Pod",
            pod,
            "Warning",
            "BackOff",
            "Back-off restarting failed container " + container + " in pod " + pod);
      }
      case UNSCHEDULABLE -> event("Pod", pod, "Warning", "FailedScheduling", UNSCHEDULABLE_MESSAGE);
      case STALLED -> {}
    }
  }

  static final String UNSCHEDULABLE_MESSAGE =
      "0/3 nodes are available: 3 Insufficient memory. preemption: 0/3 nodes are available: 3 No"
          + " preemption victims found for incoming pod.";

  static PodStatus podStatus(PodFate fate, String pod, String container, String image) {
    String now = Instant.now().toString();
    PodCondition scheduled =
        new PodConditionBuilder()
            .withType("PodScheduled")
            .withStatus("True")
            .withLastTransitionTime(now)
            .build();
    ContainerStatusBuilder status =
        new ContainerStatusBuilder()
            .withName(container)
            .withImage(image)
            .withReady(false)
            .withRestartCount(0);
    return switch (fate) {
      case HEALTHY ->
          new PodStatusBuilder()
              .withPhase("Running")
              .withPodIP("10.8.0.12")
              .withConditions(
                  scheduled, new PodConditionBuilder().withType("Ready").withStatus("True").build())
              .withContainerStatuses(
                  status
                      .withReady(true)
                      .withStarted(true)
                      .withNewState()
                      .withNewRunning(now)
                      .endState()
                      .build())
              .build();
      case IMAGE_PULL_BACKOFF ->
          new PodStatusBuilder()
              .withPhase("Pending")
              .withConditions(scheduled)
              .withContainerStatuses(
                  status
                      .withNewState()
                      .withNewWaiting(
                          "Back-off pulling image \"" + image + "\"", "ImagePullBackOff")
                      .endState()
                      .build())
              .build();
      case CRASH_LOOP -> crashing(scheduled, status, pod, container, 1, "Error");
      case OOM_KILLED -> crashing(scheduled, status, pod, container, 137, "OOMKilled");
      case UNSCHEDULABLE ->
          new PodStatusBuilder()
              .withPhase("Pending")
              .withConditions(
                  new PodConditionBuilder()
                      .withType("PodScheduled")
                      .withStatus("False")
                      .withReason("Unschedulable")
                      .withMessage(UNSCHEDULABLE_MESSAGE)
                      .build())
              .build();
      case STALLED ->
          new PodStatusBuilder()
              .withPhase("Pending")
              .withConditions(scheduled)
              .withContainerStatuses(
                  status
                      .withNewState()
                      .withNewWaiting(null, "ContainerCreating")
                      .endState()
                      .build())
              .build();
    };
  }

  private static PodStatus crashing(
      PodCondition scheduled,
      ContainerStatusBuilder status,
      String pod,
      String container,
      int exitCode,
      String reason) {
    ContainerStatus crashed =
        status
            .withRestartCount(4)
            .withNewState()
            .withNewWaiting(
                "back-off 1m20s restarting failed container=" + container + " pod=" + pod,
                "CrashLoopBackOff")
            .endState()
            .withNewLastState()
            .withNewTerminated()
            .withExitCode(exitCode)
            .withReason(reason)
            .endTerminated()
            .endLastState()
            .build();
    return new PodStatusBuilder()
        .withPhase("Running")
        .withConditions(scheduled)
        .withContainerStatuses(crashed)
        .build();
  }

  private void scaleToZero(ReplicaSet rs) {
    client
        .apps()
        .replicaSets()
        .inNamespace(namespace)
        .withName(rs.getMetadata().getName())
        .edit(
            r -> {
              r.getSpec().setReplicas(0);
              return r;
            });
    pods(rs)
        .forEach(
            pod ->
                client
                    .pods()
                    .inNamespace(namespace)
                    .withName(pod.getMetadata().getName())
                    .delete());
  }

  private List<Pod> pods(ReplicaSet rs) {
    return client.pods().inNamespace(namespace).list().getItems().stream()
        .filter(pod -> ownedBy(pod, rs))
        .toList();
  }

  private void assignAddresses() {
    String address = loadBalancerAddress;
    if (address == null) {
      return;
    }
    for (Service service : client.services().inNamespace(namespace).list().getItems()) {
      boolean pending =
          service.getStatus() == null
              || service.getStatus().getLoadBalancer() == null
              || service.getStatus().getLoadBalancer().getIngress() == null
              || service.getStatus().getLoadBalancer().getIngress().isEmpty();
      if ("LoadBalancer".equals(service.getSpec().getType()) && pending) {
        boolean ip = address.matches("[0-9.]+");
        client
            .services()
            .inNamespace(namespace)
            .withName(service.getMetadata().getName())
            .editStatus(
                s -> {
                  s.setStatus(
                      new io.fabric8.kubernetes.api.model.ServiceStatusBuilder()
                          .withNewLoadBalancer()
                          .withIngress(
                              ip
                                  ? new LoadBalancerIngressBuilder().withIp(address).build()
                                  : new LoadBalancerIngressBuilder().withHostname(address).build())
                          .endLoadBalancer()
                          .build());
                  return s;
                });
      }
    }
  }

  private void event(String kind, String name, String type, String reason, String message) {
    String now = Instant.now().toString();
    client
        .v1()
        .events()
        .inNamespace(namespace)
        .resource(
            new EventBuilder()
                .withNewMetadata()
                .withName(name + "." + eventCounter.incrementAndGet())
                .withNamespace(namespace)
                .endMetadata()
                .withNewInvolvedObject()
                .withKind(kind)
                .withName(name)
                .withNamespace(namespace)
                .endInvolvedObject()
                .withType(type)
                .withReason(reason)
                .withMessage(message)
                .withCount(1)
                .withFirstTimestamp(now)
                .withLastTimestamp(now)
                .build())
        .create();
  }

  private static boolean ownedBy(HasMetadata object, HasMetadata owner) {
    return object.getMetadata().getOwnerReferences() != null
        && object.getMetadata().getOwnerReferences().stream()
            .anyMatch(o -> Objects.equals(o.getUid(), owner.getMetadata().getUid()));
  }

  private static long revision(HasMetadata object) {
    String value = annotation(object, REVISION);
    return value == null ? 0 : Long.parseLong(value);
  }

  private static String annotation(HasMetadata object, String key) {
    return object.getMetadata().getAnnotations() == null
        ? null
        : object.getMetadata().getAnnotations().get(key);
  }

  private static String hash(PodTemplateSpec template) {
    PodTemplateSpec copy = JSON.clone(template);
    if (copy.getMetadata() != null && copy.getMetadata().getLabels() != null) {
      Map<String, String> labels = new LinkedHashMap<>(copy.getMetadata().getLabels());
      labels.remove(HASH);
      copy.getMetadata().setLabels(labels);
    }
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest(JSON.asJson(copy).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest).substring(0, 10);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
