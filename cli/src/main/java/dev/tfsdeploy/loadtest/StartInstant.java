package dev.tfsdeploy.loadtest;

import dev.tfsdeploy.UserError;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/** Holds a worker until the instant all workers of a run start at. */
public final class StartInstant {
  private final Clock clock;

  public StartInstant(Clock clock) {
    this.clock = clock;
  }

  /**
   * Returns at {@code at}; right away when it has passed by no more than {@code allowed}, else
   * fails: a worker that starts much later than the others measures another load.
   */
  public void await(Instant at, Duration allowed) {
    Duration wait = Duration.between(clock.instant(), at);
    if (wait.isNegative()) {
      if (wait.negated().compareTo(allowed) > 0) {
        throw new UserError(
            "this worker started "
                + wait.negated().toMillis()
                + " ms after --start-at "
                + at
                + ", later than the "
                + allowed.toMillis()
                + " ms a worker may",
            "give the workers a later --start-at (time to pull the image and start), or a longer"
                + " --warmup");
      }
      return;
    }
    try {
      Thread.sleep(wait.toMillis(), wait.toNanosPart() % 1_000_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UserError("the worker was interrupted before its start", "rerun it");
    }
  }
}
