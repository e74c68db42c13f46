package dev.tfsdeploy.cluster.rollout;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/** Gathers a {@link FailureDiagnosis} for a Deployment whose rollout failed. */
public final class Diagnostician {
  static final int LOG_LINES = 50;
  static final int MAX_EVENTS = 20;

  /** Logs of a few pods are enough to see why; more would bury the error. */
  static final int MAX_LOGGED_PODS = 3;

  private final KubernetesClient client;
  private final String namespace;
  private final Revisions revisions;

  public Diagnostician(KubernetesClient client, String namespace) {
    this.client = client;
    this.namespace = namespace;
    this.revisions = new Revisions(client, namespace);
  }

  public FailureDiagnosis diagnose(Deployment deployment) {
    List<Pod> pods = revisions.current(deployment).map(revisions::pods).orElse(List.of());
    List<PodProblem> problems = pods.stream().flatMap(pod -> PodProblems.of(pod).stream()).toList();
    String container = Manifests.servingContainer(deployment).getName();
    Map<String, String> logs = new LinkedHashMap<>();
    pods.stream()
        .filter(pod -> hasRun(pod, container))
        .limit(MAX_LOGGED_PODS)
        .forEach(pod -> logs.put(pod.getMetadata().getName(), lastLines(pod, container)));
    return new FailureDiagnosis(problems, events(deployment, pods), logs);
  }

  private List<String> events(Deployment deployment, List<Pod> pods) {
    Set<String> involved = new HashSet<>();
    involved.add("Deployment/" + deployment.getMetadata().getName());
    revisions
        .current(deployment)
        .ifPresent(rs -> involved.add("ReplicaSet/" + rs.getMetadata().getName()));
    pods.forEach(pod -> involved.add("Pod/" + pod.getMetadata().getName()));
    List<Event> events;
    try {
      events = client.v1().events().inNamespace(namespace).list().getItems();
    } catch (KubernetesClientException e) {
      return List.of("(events unavailable: " + e.getMessage() + ")");
    }
    List<Event> relevant =
        new ArrayList<>(
            events.stream()
                .filter(
                    e ->
                        e.getInvolvedObject() != null
                            && involved.contains(
                                e.getInvolvedObject().getKind()
                                    + "/"
                                    + e.getInvolvedObject().getName()))
                .sorted(Comparator.comparing(Diagnostician::when))
                .toList());
    List<Event> recent =
        relevant.subList(Math.max(0, relevant.size() - MAX_EVENTS), relevant.size());
    return recent.stream().map(Diagnostician::describe).toList();
  }

  private String lastLines(Pod pod, String container) {
    boolean restarted =
        status(pod, container)
            .map(s -> s.getRestartCount() != null && s.getRestartCount() > 0)
            .orElse(false);
    try {
      var logs =
          client
              .pods()
              .inNamespace(namespace)
              .withName(pod.getMetadata().getName())
              .inContainer(container);
      // After a crash the current container is waiting to restart; the crashed one said why.
      String text =
          restarted
              ? logs.terminated().tailingLines(LOG_LINES).getLog()
              : logs.tailingLines(LOG_LINES).getLog();
      return text == null ? "" : text;
    } catch (KubernetesClientException e) {
      return "(logs unavailable: " + e.getMessage() + ")";
    }
  }

  /** True when the container has started at least once, so it may have logged something. */
  private static boolean hasRun(Pod pod, String container) {
    return status(pod, container)
        .map(
            s ->
                (s.getRestartCount() != null && s.getRestartCount() > 0)
                    || (s.getState() != null
                        && (s.getState().getRunning() != null
                            || s.getState().getTerminated() != null)))
        .orElse(false);
  }

  private static java.util.Optional<ContainerStatus> status(Pod pod, String container) {
    if (pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null) {
      return java.util.Optional.empty();
    }
    return pod.getStatus().getContainerStatuses().stream()
        .filter(s -> container.equals(s.getName()))
        .findFirst();
  }

  private static String when(Event event) {
    String time =
        event.getLastTimestamp() != null
            ? event.getLastTimestamp()
            : event.getEventTime() != null
                ? event.getEventTime().getTime()
                : event.getMetadata().getCreationTimestamp();
    return Objects.requireNonNullElse(time, "");
  }

  private static String describe(Event event) {
    String object =
        event.getInvolvedObject().getKind().toLowerCase(java.util.Locale.ROOT)
            + "/"
            + event.getInvolvedObject().getName();
    String count =
        event.getCount() != null && event.getCount() > 1 ? " (x" + event.getCount() + ")" : "";
    return Objects.requireNonNullElse(event.getType(), "Normal")
        + " "
        + event.getReason()
        + " "
        + object
        + ": "
        + Objects.requireNonNullElse(event.getMessage(), "").strip()
        + count;
  }
}
