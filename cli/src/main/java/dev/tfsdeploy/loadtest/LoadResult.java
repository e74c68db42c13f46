package dev.tfsdeploy.loadtest;

import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;

/**
 * One run's measurements, as written to {@code --json} and read back by {@code experiments
 * compare}.
 *
 * @param experiment the experiment the run measured, or null
 * @param replicas the experiment's replicas when known, or null
 * @param url the predict URL
 * @param mode "closed" or "open"
 * @param concurrency closed loop: connections; open loop: the most connections
 * @param rate open loop: the intended requests per second; null in closed loop
 * @param started when the measured part began
 * @param seconds from the start of the measured part to the end of its last request
 * @param requests measured requests (successes and failures)
 * @param successes measured requests answered with a 2xx status
 * @param requestsPerSecond successes per second
 * @param latency of the successful requests, in milliseconds
 * @param errors failed requests by kind ({@link ErrorKinds})
 * @param errorSamples per kind, the start of the first error body (what TF Serving said)
 * @param histograms the full latency histograms the percentiles come from, or null in a result
 *     written before results carried them (such a result cannot be merged)
 */
public record LoadResult(
    String experiment,
    Integer replicas,
    String url,
    String mode,
    int concurrency,
    Double rate,
    Instant started,
    double seconds,
    long requests,
    long successes,
    double requestsPerSecond,
    Latency latency,
    Map<String, Long> errors,
    Map<String, String> errorSamples,
    LatencyHistograms histograms) {

  public LoadResult {
    // Sorted, so files and tables list the kinds in a stable order.
    errors = Collections.unmodifiableMap(new TreeMap<>(errors));
    errorSamples = Collections.unmodifiableMap(new TreeMap<>(errorSamples));
  }

  /**
   * Latency percentiles in milliseconds; measured from the send time in a closed loop and from the
   * intended send time in an open loop (so a stall delays every request due during it).
   */
  public record Latency(double p50, double p90, double p99, double p999, double max, double mean) {
    /** The percentiles of a histogram of microseconds; all 0 when it is empty. */
    static Latency of(Histogram micros) {
      if (micros.getTotalCount() == 0) {
        return new Latency(0, 0, 0, 0, 0, 0);
      }
      // HdrHistogram reports a bucket's highest equivalent value.
      return new Latency(
          millis(micros.getValueAtPercentile(50)),
          millis(micros.getValueAtPercentile(90)),
          millis(micros.getValueAtPercentile(99)),
          millis(micros.getValueAtPercentile(99.9)),
          millis(micros.getMaxValue()),
          micros.getMean() / 1000.0);
    }

    private static double millis(long micros) {
      return micros / 1000.0;
    }
  }

  /** Failed requests, all kinds together. */
  public long failures() {
    return requests - successes;
  }

  /** The same result, labelled with the experiment it measured. */
  public LoadResult withExperiment(String name, Integer replicaCount) {
    return new LoadResult(
        name,
        replicaCount,
        url,
        mode,
        concurrency,
        rate,
        started,
        seconds,
        requests,
        successes,
        requestsPerSecond,
        latency,
        errors,
        errorSamples,
        histograms);
  }
}
