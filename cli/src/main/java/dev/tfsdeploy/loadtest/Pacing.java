package dev.tfsdeploy.loadtest;

import java.util.concurrent.atomic.AtomicLong;

/** When an event loop may send requests, and which of them count. Times are System.nanoTime(). */
interface Pacing {
  /** No request may be sent. */
  long NONE = Long.MAX_VALUE;

  /** True once this loop will send no more requests. */
  boolean exhausted(long now);

  /**
   * Closed loop: a connection may send its next request as soon as the previous one is answered,
   * until the run's end time or until the measured requests (shared by all loops) are used up.
   */
  final class Closed implements Pacing {
    private final long measureStart;
    private final long end;
    private final AtomicLong measuredLeft;

    /**
     * @param end when sending stops ({@link #NONE} when a request count bounds the run)
     * @param measuredLeft requests still to measure, shared by the loops (null with an end time)
     */
    Closed(long measureStart, long end, AtomicLong measuredLeft) {
      this.measureStart = measureStart;
      this.end = end;
      this.measuredLeft = measuredLeft;
    }

    /** Takes a permit to send now: 0 none, 1 a warmup request, 2 a measured request. */
    int take(long now) {
      if (now < measureStart) {
        return 1;
      }
      if (now >= end) {
        return 0;
      }
      if (measuredLeft == null) {
        return 2;
      }
      return measuredLeft.getAndDecrement() > 0 ? 2 : 0;
    }

    @Override
    public boolean exhausted(long now) {
      return now >= end || (now >= measureStart && measuredLeft != null && measuredLeft.get() <= 0);
    }
  }

  /**
   * Open loop: request j of the run is due at {@code start + j / rate}, whatever happened to the
   * others; loop i of K sends requests i, i + K, i + 2K... The first requests, those due before the
   * warmup ends, are not measured.
   */
  final class Open implements Pacing {
    private final long start;
    private final double intervalNanos;
    private final int loops;
    private final long warmupCount;
    private final long endIndex;
    private final long end;
    private long index;

    /**
     * @param warmupNanos how long the unmeasured start lasts
     * @param durationNanos how long the measured part lasts, or 0 when {@code requests} bounds it
     * @param requests requests to measure, or 0 when {@code durationNanos} bounds the run
     */
    Open(
        long start,
        double rate,
        int loop,
        int loops,
        long warmupNanos,
        long durationNanos,
        long requests) {
      this.start = start;
      this.intervalNanos = 1e9 / rate;
      this.loops = loops;
      this.warmupCount = (long) Math.ceil(warmupNanos / intervalNanos);
      this.endIndex = requests > 0 ? warmupCount + requests : Long.MAX_VALUE;
      this.end = durationNanos > 0 ? measureStart() + durationNanos : NONE;
      this.index = loop;
    }

    /** When the first measured request is due: every request due from then on is measured. */
    long measureStart() {
      return dueTime(warmupCount);
    }

    /** When this loop's next request is due, or {@link #NONE} after its last. */
    long next() {
      if (index >= endIndex) {
        return NONE;
      }
      long due = dueTime(index);
      return due >= end ? NONE : due;
    }

    void advance() {
      index += loops;
    }

    @Override
    public boolean exhausted(long now) {
      return next() == NONE;
    }

    private long dueTime(long j) {
      return start + Math.round(j * intervalNanos);
    }
  }
}
