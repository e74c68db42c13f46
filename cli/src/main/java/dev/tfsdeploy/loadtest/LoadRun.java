package dev.tfsdeploy.loadtest;

import dev.tfsdeploy.UserError;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a test's loops, each on a thread of its own, reports progress while they run, stops them if
 * they overstay the run's bound, and sums up what they measured.
 */
final class LoadRun {
  /** How long the run may overstay its bound before its loops are stopped. */
  private static final Duration GRACE = Duration.ofSeconds(5);

  private final LoadListener listener;
  private final LoadSpec spec;
  private final LoadSchedule schedule;

  LoadRun(LoadListener listener, LoadSpec spec, LoadSchedule schedule) {
    this.listener = listener;
    this.spec = spec;
    this.schedule = schedule;
  }

  /**
   * Runs {@code loops} (threads named {@code threadName-i}) to their end; the result names {@code
   * url}.
   */
  Measurement execute(List<? extends LoadLoop> loops, String threadName, String url) {
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < loops.size(); i++) {
      Thread thread = new Thread(loops.get(i), threadName + "-" + i);
      thread.setDaemon(true);
      threads.add(thread);
      thread.start();
    }
    awaitEnd(threads, loops);
    for (LoadLoop loop : loops) {
      if (loop.failure() != null) {
        throw new IllegalStateException("a load-test loop failed", loop.failure());
      }
    }
    Recorder total = new Recorder();
    loops.forEach(loop -> total.add(loop.recorder()));
    LoadResult result = result(url, total);
    return new Measurement(result, result.histograms().sentP99Ms());
  }

  private void awaitEnd(List<Thread> threads, List<? extends LoadLoop> loops) {
    long start = schedule.start();
    long hardStop = start + spec.bound().plus(GRACE).toNanos();
    double boundSeconds = spec.bound().toNanos() / 1e9;
    try {
      for (Thread thread : threads) {
        while (thread.isAlive()) {
          long now = System.nanoTime();
          if (now >= hardStop) {
            loops.forEach(LoadLoop::abort);
            thread.join(TimeUnit.SECONDS.toMillis(1));
            if (thread.isAlive()) {
              throw new IllegalStateException("a load-test loop did not stop");
            }
            break;
          }
          thread.join(Math.max(1, Math.min(1000, TimeUnit.NANOSECONDS.toMillis(hardStop - now))));
          long successes = loops.stream().mapToLong(loop -> loop.recorder().successes()).sum();
          long failures = loops.stream().mapToLong(loop -> loop.recorder().failures()).sum();
          listener.progress(
              new LoadListener.Progress(
                  (System.nanoTime() - start) / 1e9,
                  boundSeconds,
                  System.nanoTime() >= schedule.measureStart(),
                  successes,
                  failures));
        }
      }
    } catch (InterruptedException e) {
      loops.forEach(LoadLoop::abort);
      Thread.currentThread().interrupt();
      throw new UserError("the load test was interrupted", "rerun it");
    }
  }

  private LoadResult result(String url, Recorder total) {
    long successes = total.successes();
    long requests = successes + total.failures();
    double seconds =
        total.lastCompletionNanos() == Long.MIN_VALUE
            ? 0
            : Math.max(0, (total.lastCompletionNanos() - schedule.measureStart()) / 1e9);
    return new LoadResult(
        null,
        null,
        url,
        spec.mode().label(),
        spec.connections(),
        spec.mode() == LoadSpec.Mode.OPEN ? spec.rate() : null,
        schedule.startedAt(),
        seconds,
        requests,
        successes,
        seconds > 0 ? successes / seconds : 0,
        LoadResult.Latency.of(total.latencies()),
        total.errors(),
        total.samples(),
        new LatencyHistograms(total.latencies(), total.sentLatencies()));
  }
}
