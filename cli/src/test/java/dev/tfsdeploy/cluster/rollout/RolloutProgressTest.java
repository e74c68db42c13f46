package dev.tfsdeploy.cluster.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import org.junit.jupiter.api.Test;

class RolloutProgressTest {
  private static Deployment deployment(long generation, DeploymentStatus status) {
    return new DeploymentBuilder()
        .withNewMetadata()
        .withName("d")
        .withGeneration(generation)
        .endMetadata()
        .withNewSpec()
        .withReplicas(3)
        .endSpec()
        .withStatus(status)
        .build();
  }

  private static DeploymentStatusBuilder counts(
      long observed, int total, int updated, int ready, int available) {
    return new DeploymentStatusBuilder()
        .withObservedGeneration(observed)
        .withReplicas(total)
        .withUpdatedReplicas(updated)
        .withReadyReplicas(ready)
        .withAvailableReplicas(available);
  }

  @Test
  void aStatusFromBeforeTheNewSpecSaysNothingYet() {
    RolloutProgress progress = RolloutProgress.of(deployment(4, counts(3, 3, 3, 3, 3).build()));

    assertThat(progress.state()).isEqualTo(RolloutProgress.State.IN_PROGRESS);
    assertThat(progress.description())
        .isEqualTo("waiting for the Deployment controller to see the new spec");
  }

  @Test
  void completeOnlyWhenEveryReplicaIsNewReadyAndAvailableAndNoOldOneIsLeft() {
    assertThat(RolloutProgress.of(deployment(2, counts(2, 3, 2, 3, 3).build())).state())
        .isEqualTo(RolloutProgress.State.IN_PROGRESS);
    assertThat(RolloutProgress.of(deployment(2, counts(2, 4, 3, 3, 3).build())).description())
        .endsWith("1 old replica(s) terminating");
    assertThat(RolloutProgress.of(deployment(2, counts(2, 3, 3, 2, 2).build())).state())
        .isEqualTo(RolloutProgress.State.IN_PROGRESS);
    assertThat(RolloutProgress.of(deployment(2, counts(2, 3, 3, 3, 3).build())).state())
        .isEqualTo(RolloutProgress.State.COMPLETE);
  }

  @Test
  void progressDeadlineExceededEndsTheWaitWithTheControllersMessage() {
    DeploymentStatus status =
        counts(2, 4, 1, 3, 3)
            .addNewCondition()
            .withType("Progressing")
            .withStatus("False")
            .withReason("ProgressDeadlineExceeded")
            .withMessage("ReplicaSet \"d-5f\" has timed out progressing.")
            .endCondition()
            .build();

    RolloutProgress progress = RolloutProgress.of(deployment(2, status));

    assertThat(progress.state()).isEqualTo(RolloutProgress.State.DEADLINE_EXCEEDED);
    assertThat(progress.description())
        .isEqualTo("ProgressDeadlineExceeded: ReplicaSet \"d-5f\" has timed out progressing.");
  }
}
