package dev.tfsdeploy.cluster.rollout;

import dev.tfsdeploy.UserError;

/**
 * A rollout that did not complete. The message says what failed and what became of the rollback;
 * the diagnosis (pod reasons, events, logs) goes with it for the CLI to print before the error.
 */
public final class RolloutFailedException extends UserError {
  private final FailureDiagnosis diagnosis;
  private final Rollback.Result rollback;

  public RolloutFailedException(
      String deployment, String reason, FailureDiagnosis diagnosis, Rollback.Result rollback) {
    super(message(deployment, reason, diagnosis, rollback), fix(rollback));
    this.diagnosis = diagnosis;
    this.rollback = rollback;
  }

  public FailureDiagnosis diagnosis() {
    return diagnosis;
  }

  public Rollback.Result rollback() {
    return rollback;
  }

  private static String message(
      String deployment, String reason, FailureDiagnosis diagnosis, Rollback.Result rollback) {
    String pods = diagnosis.problems().isEmpty() ? "" : " [" + diagnosis.reasons() + "]";
    return "rollout of deployment/"
        + deployment
        + " failed: "
        + reason
        + pods
        + "; "
        + rollback.describe();
  }

  private static String fix(Rollback.Result rollback) {
    String see = "see the pod problems, events and logs above";
    return switch (rollback.kind()) {
      case FAILED -> see + ", then fix the cluster or redeploy a known-good release";
      case NOTHING_TO_ROLL_BACK_TO, SKIPPED ->
          see + "; the failed revision is still in place (`tfs-deploy teardown` removes it)";
      case ROLLED_BACK -> see + "; the previous revision is serving again";
    };
  }
}
