package dev.tfsdeploy.cluster.rollout;

import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStateWaiting;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/** Reads a pod's status for the reasons it is not running and ready. */
public final class PodProblems {
  /** Waiting reasons that are a normal step of starting, not a problem. */
  private static final Set<String> STARTING = Set.of("ContainerCreating", "PodInitializing");

  private PodProblems() {}

  public static List<PodProblem> of(Pod pod) {
    String name = pod.getMetadata().getName();
    List<PodProblem> problems = new ArrayList<>();
    if (pod.getStatus() == null) {
      return problems;
    }
    if (pod.getStatus().getConditions() != null) {
      for (PodCondition condition : pod.getStatus().getConditions()) {
        if ("PodScheduled".equals(condition.getType()) && "False".equals(condition.getStatus())) {
          problems.add(
              new PodProblem(
                  name,
                  null,
                  orElse(condition.getReason(), "Unschedulable"),
                  condition.getMessage()));
        }
      }
    }
    for (ContainerStatus container : containers(pod)) {
      ContainerStateWaiting waiting =
          container.getState() == null ? null : container.getState().getWaiting();
      ContainerStateTerminated current =
          container.getState() == null ? null : container.getState().getTerminated();
      ContainerStateTerminated last =
          container.getLastState() == null ? null : container.getLastState().getTerminated();
      if (waiting != null
          && waiting.getReason() != null
          && !STARTING.contains(waiting.getReason())) {
        problems.add(
            new PodProblem(
                name,
                container.getName(),
                waiting.getReason(),
                waitingDetail(waiting, last, container)));
      }
      if (last != null && "OOMKilled".equals(last.getReason())) {
        problems.add(
            new PodProblem(
                name,
                container.getName(),
                "OOMKilled",
                "the container ran out of its memory limit (exit code "
                    + last.getExitCode()
                    + ", restarted "
                    + container.getRestartCount()
                    + " times); raise resources.limits.memory or choose a bigger experiment"));
      } else if (current != null && current.getExitCode() != null && current.getExitCode() != 0) {
        problems.add(
            new PodProblem(
                name,
                container.getName(),
                orElse(current.getReason(), "Terminated"),
                "exit code "
                    + current.getExitCode()
                    + (current.getMessage() == null ? "" : ": " + current.getMessage())));
      }
    }
    return problems;
  }

  private static String waitingDetail(
      ContainerStateWaiting waiting, ContainerStateTerminated last, ContainerStatus container) {
    String message = waiting.getMessage() == null ? "" : waiting.getMessage();
    if ("CrashLoopBackOff".equals(waiting.getReason()) && last != null) {
      String exit =
          "last exit code "
              + last.getExitCode()
              + (last.getReason() == null ? "" : " (" + last.getReason() + ")")
              + ", restarted "
              + container.getRestartCount()
              + " times";
      return message.isBlank() ? exit : message + "; " + exit;
    }
    return message;
  }

  private static List<ContainerStatus> containers(Pod pod) {
    return Stream.concat(
            pod.getStatus().getInitContainerStatuses() == null
                ? Stream.empty()
                : pod.getStatus().getInitContainerStatuses().stream(),
            pod.getStatus().getContainerStatuses() == null
                ? Stream.empty()
                : pod.getStatus().getContainerStatuses().stream())
        .toList();
  }

  private static String orElse(String value, String fallback) {
    return value == null || value.isBlank() ? fallback : value;
  }
}
