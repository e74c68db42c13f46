package dev.tfsdeploy.loadtest;

import dev.tfsdeploy.UserError;
import java.time.Duration;

/**
 * One worker's part of a load that {@code count} workers generate together: an even share of the
 * rate (open loop), the connections and, when a request count bounds the run, the requests. The
 * shares add up to the whole load exactly.
 *
 * @param index this worker, from 0 (a Kubernetes Indexed Job's {@code JOB_COMPLETION_INDEX})
 * @param count how many workers share the load
 */
public record WorkerShare(int index, int count) {

  public WorkerShare {
    if (count < 1) {
      throw new UserError("--workers " + count + " is not a number of workers", "pass 1 or more");
    }
    if (index < 0 || index >= count) {
      throw new UserError(
          "--worker-index " + index + " is not one of the " + count + " workers",
          "pass an index from 0 to " + (count - 1) + " (an Indexed Job's JOB_COMPLETION_INDEX)");
    }
  }

  /** This worker's part of {@code whole}. */
  public LoadSpec of(LoadSpec whole) {
    if (whole.connections() < count) {
      throw new UserError(
          "--concurrency " + whole.connections() + " is fewer than the " + count + " workers",
          "pass --concurrency " + count + " or more, or fewer --workers");
    }
    if (whole.duration() == null && whole.requests() < count) {
      throw new UserError(
          "--requests " + whole.requests() + " is fewer than the " + count + " workers",
          "pass --requests " + count + " or more, or fewer --workers");
    }
    return new LoadSpec(
        whole.mode(),
        part(whole.connections()),
        whole.mode() == LoadSpec.Mode.OPEN ? whole.rate() / count : 0,
        whole.duration(),
        whole.duration() == null ? part(whole.requests()) : 0,
        whole.warmup(),
        whole.timeout(),
        whole.threads());
  }

  /** This worker's part of {@code total}: as even as can be, the first ones taking the rest. */
  private int part(int total) {
    return (int) part((long) total);
  }

  private long part(long total) {
    return total / count + (index < total % count ? 1 : 0);
  }

  /**
   * How late a worker may start before its result would not describe the run: its warmup, and at
   * least a second.
   */
  public static Duration lateness(LoadSpec spec) {
    Duration second = Duration.ofSeconds(1);
    return spec.warmup().compareTo(second) > 0 ? spec.warmup() : second;
  }
}
