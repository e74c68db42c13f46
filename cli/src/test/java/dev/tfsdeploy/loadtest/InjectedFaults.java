package dev.tfsdeploy.loadtest;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongUnaryOperator;

/**
 * What a test makes a TF Serving-like server do with each predict request, by its 0-based index:
 * how long it holds it, whether the model fails on it, and one stop-the-world pause. Shared by the
 * REST and the gRPC test servers, so both protocols are measured against the same behaviour.
 */
final class InjectedFaults {
  private final AtomicLong requests = new AtomicLong();
  private volatile LongUnaryOperator latencyMillis = index -> 0;
  private volatile int failEvery;
  private volatile long stallAt = -1;
  private volatile long stallMillis;
  private volatile long stallUntilNanos;

  /** What to do with one request. */
  record Plan(long index, long delayMillis, boolean fails) {}

  void latency(LongUnaryOperator millisByIndex) {
    this.latencyMillis = millisByIndex;
  }

  /** Every n-th request fails. */
  void failEvery(int n) {
    this.failEvery = n;
  }

  /**
   * Request {@code index} starts a pause of {@code millis}; it and every request arriving during it
   * end when it ends.
   */
  void stallOnce(long index, long millis) {
    this.stallAt = index;
    this.stallMillis = millis;
  }

  /** Requests planned so far. */
  long count() {
    return requests.get();
  }

  /** The plan for the request arriving now. */
  Plan next() {
    long index = requests.getAndIncrement();
    long now = System.nanoTime();
    if (index == stallAt) {
      stallUntilNanos = now + TimeUnit.MILLISECONDS.toNanos(stallMillis);
    }
    long delay =
        latencyMillis.applyAsLong(index)
            + Math.max(0, TimeUnit.NANOSECONDS.toMillis(stallUntilNanos - now));
    return new Plan(index, delay, failEvery > 0 && index % failEvery == failEvery - 1);
  }
}
