package dev.tfsdeploy.cluster.rollout;

/**
 * Why one pod is not serving: the kubelet's or scheduler's reason (ImagePullBackOff, ErrImagePull,
 * CrashLoopBackOff, OOMKilled, Unschedulable, ...) and the message that explains it.
 */
public record PodProblem(String pod, String container, String reason, String message) {
  @Override
  public String toString() {
    String where = "pod/" + pod + (container == null ? "" : " (" + container + ")");
    return where
        + ": "
        + reason
        + (message == null || message.isBlank() ? "" : " — " + message.strip());
  }
}
