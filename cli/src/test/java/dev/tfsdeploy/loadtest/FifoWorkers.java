package dev.tfsdeploy.loadtest;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.OptionalLong;

/**
 * A server's capacity in miniature: {@code workers} workers, each taking {@code service} per
 * request, requests waiting in one FIFO queue for the first free worker, so the capacity is workers
 * / service and a request's latency grows with the queue ahead of it. Time is the caller's
 * (System.nanoTime()); each request's whole latency is decided when it arrives, as a FIFO queue
 * decides it. With a queue bound, a request that would have to wait behind that many is refused, as
 * a server shedding load does.
 */
public final class FifoWorkers {
  private final long serviceNanos;
  private final int maxQueue;
  private final long[] freeAt;

  /** Start times of admitted requests still waiting for a worker (non-decreasing: FIFO). */
  private final ArrayDeque<Long> waitingUntil = new ArrayDeque<>();

  /**
   * @param maxQueue how many requests may wait for a worker; more are refused
   */
  public FifoWorkers(int workers, Duration service, int maxQueue) {
    this.serviceNanos = service.toNanos();
    this.maxQueue = maxQueue;
    this.freeAt = new long[workers];
  }

  /** Unbounded queue. */
  public FifoWorkers(int workers, Duration service) {
    this(workers, service, Integer.MAX_VALUE);
  }

  /** The requests per second the workers sustain. */
  public double capacity() {
    return freeAt.length * 1e9 / serviceNanos;
  }

  /**
   * A request arriving at {@code now}: how long until it is answered, or empty when it is refused.
   */
  public synchronized OptionalLong admit(long now) {
    while (!waitingUntil.isEmpty() && waitingUntil.peekFirst() <= now) {
      waitingUntil.pollFirst();
    }
    int worker = 0;
    for (int i = 1; i < freeAt.length; i++) {
      if (freeAt[i] < freeAt[worker]) {
        worker = i;
      }
    }
    long start = Math.max(now, freeAt[worker]);
    if (start > now) {
      if (waitingUntil.size() >= maxQueue) {
        return OptionalLong.empty();
      }
      waitingUntil.addLast(start);
    }
    freeAt[worker] = start + serviceNanos;
    return OptionalLong.of(start + serviceNanos - now);
  }
}
