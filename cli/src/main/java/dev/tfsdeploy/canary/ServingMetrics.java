package dev.tfsdeploy.canary;

import dev.tfsdeploy.canary.PrometheusText.Sample;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * What TF Serving's own metrics say about one model: requests by status and the request latency
 * histogram (microseconds, every API and entry point together). Names and labels as TF Serving's
 * Prometheus exporter writes them: {@code /tensorflow/serving/request_count} becomes {@code
 * :tensorflow:serving:request_count{model_name, status}}, status a gRPC code name ("OK",
 * "INVALID_ARGUMENT", ...), and {@code request_latency} a histogram labelled {@code model_name,
 * API, entrypoint}.
 *
 * @param requestsByStatus requests by status code name
 * @param latencyMicros request latency, microseconds
 */
public record ServingMetrics(Map<String, Long> requestsByStatus, LatencyHistogram latencyMicros)
    implements TrackNumbers {
  /** Where TF Serving serves the page unless its monitoring config names another path. */
  public static final String DEFAULT_PATH = "/monitoring/prometheus/metrics";

  static final String REQUEST_COUNT = ":tensorflow:serving:request_count";
  static final String REQUEST_LATENCY_BUCKET = ":tensorflow:serving:request_latency_bucket";
  static final String OK = "OK";

  public static final ServingMetrics NONE = new ServingMetrics(Map.of(), LatencyHistogram.EMPTY);

  public ServingMetrics {
    requestsByStatus = Map.copyOf(requestsByStatus);
  }

  /** The model's numbers on one metrics page. */
  public static ServingMetrics parse(String page, String modelName) {
    Map<String, Long> byStatus = new TreeMap<>();
    Map<String, NavigableMap<Double, Long>> histograms = new TreeMap<>();
    for (Sample sample : PrometheusText.parse(page)) {
      if (!sample.label("model_name").equals(modelName)) {
        continue;
      }
      if (sample.name().equals(REQUEST_COUNT)) {
        byStatus.merge(sample.label("status"), (long) sample.value(), Long::sum);
      } else if (sample.name().equals(REQUEST_LATENCY_BUCKET)) {
        String series = sample.label("API") + "/" + sample.label("entrypoint");
        histograms
            .computeIfAbsent(series, key -> new TreeMap<>())
            .put(bound(sample), (long) sample.value());
      }
    }
    LatencyHistogram latency = LatencyHistogram.EMPTY;
    for (NavigableMap<Double, Long> series : histograms.values()) {
      latency = latency.plus(new LatencyHistogram(series));
    }
    return new ServingMetrics(byStatus, latency);
  }

  private static double bound(Sample bucket) {
    String le = bucket.label("le");
    try {
      return le.equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(le);
    } catch (NumberFormatException e) {
      throw new MalformedMetricsException("bucket bound le=\"" + le + "\" is not a number");
    }
  }

  /** Both together: several pods of one track. */
  public ServingMetrics plus(ServingMetrics other) {
    Map<String, Long> sum = new TreeMap<>(requestsByStatus);
    other.requestsByStatus.forEach((status, count) -> sum.merge(status, count, Long::sum));
    return new ServingMetrics(sum, latencyMicros.plus(other.latencyMicros));
  }

  /** What happened after {@code earlier}, a scrape of the same pods (a restart starts again). */
  public ServingMetrics since(ServingMetrics earlier) {
    Map<String, Long> window = new TreeMap<>();
    boolean reset = false;
    for (Map.Entry<String, Long> entry : requestsByStatus.entrySet()) {
      long delta = entry.getValue() - earlier.requestsByStatus.getOrDefault(entry.getKey(), 0L);
      reset |= delta < 0;
      window.put(entry.getKey(), delta);
    }
    if (reset) {
      return this;
    }
    return new ServingMetrics(window, latencyMicros.since(earlier.latencyMicros));
  }

  @Override
  public long requests() {
    return requestsByStatus.values().stream().mapToLong(Long::longValue).sum();
  }

  /** Requests whose status was not OK. */
  @Override
  public long errors() {
    return requests() - requestsByStatus.getOrDefault(OK, 0L);
  }

  /** The 99th percentile of request latency in milliseconds, NaN without observations. */
  @Override
  public double p99Millis() {
    return latencyMicros.quantile(0.99) / 1000;
  }

  @Override
  public CanarySignals source() {
    return CanarySignals.METRICS;
  }
}
