package dev.tfsdeploy.loadtest;

import dev.tfsdeploy.UserError;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;

/**
 * Sends TF Serving predict requests at a closed- or open-loop load and measures them.
 *
 * <p>The client is a small non-blocking HTTP/1.1 client: a few event-loop threads (no more than
 * the CPU cores), each multiplexing its share of keep-alive connections on one selector, with the
 * request encoded once. That keeps the generator's own cost per request low (its ceiling on
 * loopback is measured against wrk by {@code bench/loadtest/run}) and its resources bounded: no
 * thread per connection, no per-request allocation beyond the parser's state.
 */
public final class LoadGenerator {
  private static final String USER_AGENT = "tfs-deploy-loadtest";
  /** How long the run may overstay its bound before its loops are stopped. */
  private static final Duration GRACE = Duration.ofSeconds(5);

  private final LoadListener listener;

  public LoadGenerator(LoadListener listener) {
    this.listener = listener;
  }

  /** Runs the load described by {@code spec} against {@code target} and returns what it measured. */
  public LoadResult run(Target target, byte[] body, LoadSpec spec) {
    InetSocketAddress address = target.address();
    if (address.isUnresolved()) {
      throw new UserError("cannot resolve host " + target.host() + " of " + target.url(), "check --url");
    }
    ByteBuffer request = encode(target, body);
    int loops = spec.threads();
    long timeoutNanos = spec.timeout().toNanos();
    long start = System.nanoTime();
    long warmupNanos = spec.warmup().toNanos();
    long durationNanos = spec.duration() == null ? 0 : spec.duration().toNanos();
    long measureStart = start + warmupNanos;
    AtomicLong measuredLeft = spec.duration() == null ? new AtomicLong(spec.requests()) : null;

    List<EventLoop> eventLoops = new ArrayList<>();
    for (int i = 0; i < loops; i++) {
      int connections = spec.connections() / loops + (i < spec.connections() % loops ? 1 : 0);
      Pacing pacing;
      if (spec.mode() == LoadSpec.Mode.OPEN) {
        Pacing.Open open = new Pacing.Open(start, spec.rate(), i, loops, warmupNanos, durationNanos, spec.requests());
        measureStart = open.measureStart();
        pacing = open;
      } else {
        pacing = new Pacing.Closed(measureStart, durationNanos > 0 ? measureStart + durationNanos : Pacing.NONE, measuredLeft);
      }
      eventLoops.add(new EventLoop(address, request, pacing, timeoutNanos, connections));
    }
    Instant startedAt = Instant.now().plusNanos(measureStart - System.nanoTime());
    Pacer pacer = spec.mode() == LoadSpec.Mode.OPEN ? new Pacer(eventLoops) : null;
    if (pacer != null) {
      pacer.start();
    }
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < loops; i++) {
      Thread thread = new Thread(eventLoops.get(i), "loadtest-" + i);
      thread.setDaemon(true);
      threads.add(thread);
      thread.start();
    }
    try {
      awaitEnd(threads, eventLoops, start, measureStart, spec.bound());
    } finally {
      if (pacer != null) {
        pacer.stop();
      }
    }
    for (EventLoop loop : eventLoops) {
      if (loop.failure() != null) {
        throw new IllegalStateException("a load-test event loop failed", loop.failure());
      }
    }
    return result(target, spec, eventLoops, measureStart, startedAt);
  }

  private void awaitEnd(List<Thread> threads, List<EventLoop> loops, long start, long measureStart, Duration bound) {
    long hardStop = start + bound.plus(GRACE).toNanos();
    double boundSeconds = bound.toNanos() / 1e9;
    try {
      for (Thread thread : threads) {
        while (thread.isAlive()) {
          long now = System.nanoTime();
          if (now >= hardStop) {
            loops.forEach(EventLoop::abort);
            thread.join(TimeUnit.SECONDS.toMillis(1));
            if (thread.isAlive()) {
              throw new IllegalStateException("a load-test event loop did not stop");
            }
            break;
          }
          thread.join(Math.max(1, Math.min(1000, TimeUnit.NANOSECONDS.toMillis(hardStop - now))));
          long successes = loops.stream().mapToLong(loop -> loop.recorder().successes()).sum();
          long failures = loops.stream().mapToLong(loop -> loop.recorder().failures()).sum();
          listener.progress(new LoadListener.Progress(
              (System.nanoTime() - start) / 1e9, boundSeconds, System.nanoTime() >= measureStart, successes, failures));
        }
      }
    } catch (InterruptedException e) {
      loops.forEach(EventLoop::abort);
      Thread.currentThread().interrupt();
      throw new UserError("the load test was interrupted", "rerun it");
    }
  }

  private static LoadResult result(Target target, LoadSpec spec, List<EventLoop> loops, long measureStart, Instant startedAt) {
    Recorder total = new Recorder();
    loops.forEach(loop -> total.add(loop.recorder()));
    long successes = total.successes();
    long requests = successes + total.failures();
    double seconds = total.lastCompletionNanos() == Long.MIN_VALUE
        ? 0
        : Math.max(0, (total.lastCompletionNanos() - measureStart) / 1e9);
    Histogram h = total.latencies();
    LoadResult.Latency latency = successes == 0
        ? new LoadResult.Latency(0, 0, 0, 0, 0, 0)
        : new LoadResult.Latency(
            millis(h.getValueAtPercentile(50)),
            millis(h.getValueAtPercentile(90)),
            millis(h.getValueAtPercentile(99)),
            millis(h.getValueAtPercentile(99.9)),
            millis(h.getMaxValue()),
            h.getMean() / 1000.0);
    return new LoadResult(
        null,
        null,
        target.url(),
        spec.mode().label(),
        spec.connections(),
        spec.mode() == LoadSpec.Mode.OPEN ? spec.rate() : null,
        startedAt,
        seconds,
        requests,
        successes,
        seconds > 0 ? successes / seconds : 0,
        latency,
        total.errors(),
        total.samples());
  }

  /** HdrHistogram reports a bucket's highest equivalent value; microseconds to milliseconds. */
  private static double millis(long micros) {
    return micros / 1000.0;
  }

  /** The whole HTTP/1.1 request, encoded once and written as is for every request. */
  static ByteBuffer encode(Target target, byte[] body) {
    String head = "POST " + target.path() + " HTTP/1.1\r\n"
        + "Host: " + target.hostHeader() + "\r\n"
        + "User-Agent: " + USER_AGENT + "\r\n"
        + "Content-Type: application/json\r\n"
        + "Content-Length: " + body.length + "\r\n"
        + "\r\n";
    byte[] headBytes = head.getBytes(StandardCharsets.US_ASCII);
    ByteBuffer buffer = ByteBuffer.allocateDirect(headBytes.length + body.length);
    buffer.put(headBytes).put(body).flip();
    return buffer;
  }
}
