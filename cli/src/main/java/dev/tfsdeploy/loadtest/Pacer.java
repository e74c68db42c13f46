package dev.tfsdeploy.loadtest;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Wakes sleeping open-loop event loops when their next request is due. A selector's own timeout has
 * millisecond granularity, which would send requests up to a millisecond late (and, since open-loop
 * latency counts from the intended time, add that to every latency); parking a thread is accurate
 * to tens of microseconds.
 */
final class Pacer implements Runnable {
  private static final long IDLE_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

  private final List<EventLoop> loops;
  private volatile Thread thread;
  private volatile long wakeAt = Long.MAX_VALUE;
  private volatile boolean stopped;

  Pacer(List<EventLoop> loops) {
    this.loops = loops;
  }

  /** Starts the pacer's thread and gives it to the loops. */
  void start() {
    Thread pacerThread = new Thread(this, "loadtest-pacer");
    pacerThread.setDaemon(true);
    thread = pacerThread;
    loops.forEach(loop -> loop.pacedBy(this));
    pacerThread.start();
  }

  void stop() {
    stopped = true;
    LockSupport.unpark(thread);
  }

  /** A loop is going to sleep until {@code due}: make sure the pacer is awake by then. */
  void sleeping(long due) {
    if (due < wakeAt) {
      LockSupport.unpark(thread);
    }
  }

  @Override
  public void run() {
    while (!stopped) {
      long now = System.nanoTime();
      long earliest = now + IDLE_PARK_NANOS;
      for (EventLoop loop : loops) {
        long due = loop.sleepingUntil();
        if (due <= now) {
          loop.wakeUp();
        } else {
          earliest = Math.min(earliest, due);
        }
      }
      wakeAt = earliest;
      // A loop that starts sleeping after the scan above unparks this thread if its due time is
      // earlier; one that started before it is covered by the scan.
      LockSupport.parkNanos(earliest - System.nanoTime());
      wakeAt = Long.MAX_VALUE;
    }
  }
}
