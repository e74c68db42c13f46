package dev.tfsdeploy.cluster.rollout;

import java.util.List;
import java.util.Map;

/**
 * What the cluster says about a failed rollout: why each new pod is not serving, the recent events
 * of the Deployment, its new ReplicaSet and their pods, and the last lines the TF Serving container
 * logged (pod name to log text).
 */
public record FailureDiagnosis(
    List<PodProblem> problems, List<String> events, Map<String, String> logs) {
  public static final FailureDiagnosis EMPTY = new FailureDiagnosis(List.of(), List.of(), Map.of());

  /**
   * The distinct reasons, "ImagePullBackOff" or "CrashLoopBackOff, OOMKilled", for the one-line
   * error.
   */
  public String reasons() {
    return String.join(", ", problems.stream().map(PodProblem::reason).distinct().toList());
  }
}
