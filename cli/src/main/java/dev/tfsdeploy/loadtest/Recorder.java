package dev.tfsdeploy.loadtest;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * What one event loop measured: latencies of successful requests (microseconds, in an HdrHistogram:
 * three significant digits at any magnitude) and failures by kind, each kind with the start of the
 * first error body seen. Written by its loop's thread only; the progress counts may be read from
 * another.
 */
@SuppressWarnings(
    "NonAtomicVolatileUpdate") // one writing thread: volatile only for the progress reader
final class Recorder {
  private static final long HIGHEST_MICROS = TimeUnit.HOURS.toMicros(2);

  private final Histogram latencies = new Histogram(HIGHEST_MICROS, 3);

  /**
   * Latencies of successful requests counted from when each was actually sent: in open loop this
   * leaves out the generator's own lateness (a late wake-up, a wait for a free connection), so it
   * is what the server alone took.
   */
  private final Histogram sentLatencies = new Histogram(HIGHEST_MICROS, 3);

  private final Map<String, Long> errors = new TreeMap<>();
  private final Map<String, String> samples = new TreeMap<>();
  private long lastCompletionNanos = Long.MIN_VALUE;
  private volatile long successes;
  private volatile long failures;

  /**
   * A successful request that took {@code latencyNanos} from its (intended) start and {@code
   * sentNanos} from when it was sent.
   */
  void success(long latencyNanos, long sentNanos, long nowNanos) {
    latencies.recordValue(micros(latencyNanos));
    sentLatencies.recordValue(micros(sentNanos));
    successes++;
    lastCompletionNanos = Math.max(lastCompletionNanos, nowNanos);
  }

  void error(String kind, String sample, long nowNanos) {
    errors.merge(kind, 1L, Long::sum);
    if (sample != null && !sample.isBlank()) {
      samples.putIfAbsent(kind, sample.strip());
    }
    failures++;
    lastCompletionNanos = Math.max(lastCompletionNanos, nowNanos);
  }

  long successes() {
    return successes;
  }

  long failures() {
    return failures;
  }

  /** When the last measured request ended (success or failure); MIN_VALUE if none did. */
  long lastCompletionNanos() {
    return lastCompletionNanos;
  }

  Histogram latencies() {
    return latencies;
  }

  Histogram sentLatencies() {
    return sentLatencies;
  }

  private static long micros(long nanos) {
    return Math.max(1, Math.min(HIGHEST_MICROS, (nanos + 500) / 1000));
  }

  Map<String, Long> errors() {
    return errors;
  }

  Map<String, String> samples() {
    return samples;
  }

  /** Adds another loop's measurements to this one's (after both loops ended). */
  void add(Recorder other) {
    latencies.add(other.latencies);
    sentLatencies.add(other.sentLatencies);
    other.errors.forEach((kind, count) -> errors.merge(kind, count, Long::sum));
    other.samples.forEach(samples::putIfAbsent);
    successes += other.successes;
    failures += other.failures;
    lastCompletionNanos = Math.max(lastCompletionNanos, other.lastCompletionNanos);
  }
}
