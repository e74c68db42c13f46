package dev.tfsdeploy.cluster.rollout;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import java.util.Objects;
import java.util.Optional;

/**
 * How far a Deployment's rollout has come, judged from its status alone the way {@code kubectl
 * rollout status} judges it: the controller has seen the latest spec (observedGeneration), every
 * desired replica runs the new template and is ready and available, and no old replica is left; or
 * the controller gave up ({@code Progressing} is {@code ProgressDeadlineExceeded}).
 */
public record RolloutProgress(State state, String description) {
  public enum State {
    IN_PROGRESS,
    COMPLETE,
    DEADLINE_EXCEEDED
  }

  public static final String DEADLINE_EXCEEDED_REASON = "ProgressDeadlineExceeded";

  public static RolloutProgress of(Deployment deployment) {
    DeploymentStatus status = deployment.getStatus();
    long generation = Objects.requireNonNullElse(deployment.getMetadata().getGeneration(), 0L);
    if (status == null
        || status.getObservedGeneration() == null
        || status.getObservedGeneration() < generation) {
      return new RolloutProgress(
          State.IN_PROGRESS, "waiting for the Deployment controller to see the new spec");
    }
    Optional<DeploymentCondition> stuck =
        condition(deployment, "Progressing")
            .filter(c -> DEADLINE_EXCEEDED_REASON.equals(c.getReason()));
    if (stuck.isPresent()) {
      String message = stuck.get().getMessage();
      return new RolloutProgress(
          State.DEADLINE_EXCEEDED,
          DEADLINE_EXCEEDED_REASON + (message == null || message.isBlank() ? "" : ": " + message));
    }
    int desired = Objects.requireNonNullElse(deployment.getSpec().getReplicas(), 1);
    int updated = count(status.getUpdatedReplicas());
    int ready = count(status.getReadyReplicas());
    int available = count(status.getAvailableReplicas());
    int total = count(status.getReplicas());
    String counts =
        updated + "/" + desired + " updated, " + ready + " ready, " + available + " available";
    if (updated < desired) {
      return new RolloutProgress(State.IN_PROGRESS, counts);
    }
    if (total > updated) {
      return new RolloutProgress(
          State.IN_PROGRESS, counts + ", " + (total - updated) + " old replica(s) terminating");
    }
    if (ready < desired || available < desired) {
      return new RolloutProgress(State.IN_PROGRESS, counts);
    }
    return new RolloutProgress(State.COMPLETE, counts);
  }

  static Optional<DeploymentCondition> condition(Deployment deployment, String type) {
    if (deployment.getStatus() == null || deployment.getStatus().getConditions() == null) {
      return Optional.empty();
    }
    return deployment.getStatus().getConditions().stream()
        .filter(c -> type.equals(c.getType()))
        .findFirst();
  }

  private static int count(Integer value) {
    return value == null ? 0 : value;
  }
}
