package dev.tfsdeploy.loadtest;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * When a run starts and its measured part begins, and how its load is shared by its loops: each
 * loop's pacing and its share of the connections (or calls in flight).
 */
final class LoadSchedule {
  private final LoadSpec spec;
  private final long start;
  private final long measureStart;

  /**
   * Closed loop bounded by a request count: the measured requests still to send, shared by the
   * loops.
   */
  private final AtomicLong measuredLeft;

  private LoadSchedule(LoadSpec spec, long start) {
    this.spec = spec;
    this.start = start;
    this.measuredLeft = spec.duration() == null ? new AtomicLong(spec.requests()) : null;
    this.measureStart =
        spec.mode() == LoadSpec.Mode.OPEN
            ? open(0).measureStart()
            : start + spec.warmup().toNanos();
  }

  /** A schedule starting now. */
  static LoadSchedule startingNow(LoadSpec spec) {
    return new LoadSchedule(spec, System.nanoTime());
  }

  /** The pacing of loop {@code loop} of {@link LoadSpec#threads()}. */
  Pacing pacing(int loop) {
    if (spec.mode() == LoadSpec.Mode.OPEN) {
      return open(loop);
    }
    long durationNanos = spec.duration() == null ? 0 : spec.duration().toNanos();
    return new Pacing.Closed(
        measureStart, durationNanos > 0 ? measureStart + durationNanos : Pacing.NONE, measuredLeft);
  }

  /** Loop {@code loop}'s share of the connections: as even as can be. */
  int connections(int loop) {
    int loops = spec.threads();
    return spec.connections() / loops + (loop < spec.connections() % loops ? 1 : 0);
  }

  long start() {
    return start;
  }

  /** When the measured part begins (System.nanoTime()). */
  long measureStart() {
    return measureStart;
  }

  /** The wall-clock time of {@link #measureStart()}. */
  Instant startedAt() {
    return Instant.now().plusNanos(measureStart - System.nanoTime());
  }

  private Pacing.Open open(int loop) {
    long durationNanos = spec.duration() == null ? 0 : spec.duration().toNanos();
    return new Pacing.Open(
        start,
        spec.rate(),
        loop,
        spec.threads(),
        spec.warmup().toNanos(),
        durationNanos,
        spec.requests());
  }
}
