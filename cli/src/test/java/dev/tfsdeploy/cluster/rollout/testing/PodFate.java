package dev.tfsdeploy.cluster.rollout.testing;

/** What becomes of the pods of a new revision, chosen by the simulator per image. */
public enum PodFate {
  /** Scheduled, pulled, started, ready. */
  HEALTHY,
  /** The image cannot be pulled: ErrImagePull, then ImagePullBackOff. */
  IMAGE_PULL_BACKOFF,
  /** The server exits with an error at start and is restarted over and over. */
  CRASH_LOOP,
  /** The server is killed for exceeding its memory limit, and restarted over and over. */
  OOM_KILLED,
  /** No node has room for the pod. */
  UNSCHEDULABLE,
  /**
   * Containers stay in ContainerCreating and the controller never gives up: only --timeout ends the
   * wait.
   */
  STALLED
}
