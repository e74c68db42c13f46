package dev.tfsdeploy.canary;

import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * A Prometheus histogram: cumulative counts by upper bound ({@code le}), the last bound {@code
 * +Inf}. Windows are differences of two scrapes; quantiles interpolate inside the bucket as
 * Prometheus' {@code histogram_quantile} does, so a number here is the one a dashboard shows.
 */
public record LatencyHistogram(NavigableMap<Double, Long> cumulative) {
  public static final LatencyHistogram EMPTY = new LatencyHistogram(new TreeMap<>());

  public LatencyHistogram {
    cumulative = new TreeMap<>(cumulative);
  }

  /** How many observations (the {@code +Inf} bucket). */
  public long count() {
    return cumulative.isEmpty() ? 0 : cumulative.lastEntry().getValue();
  }

  /** Bucket by bucket sum, for several label sets or pods of one histogram. */
  public LatencyHistogram plus(LatencyHistogram other) {
    if (cumulative.isEmpty()) {
      return other;
    }
    if (other.cumulative.isEmpty()) {
      return this;
    }
    requireSameBounds(other);
    TreeMap<Double, Long> sum = new TreeMap<>(cumulative);
    other.cumulative.forEach((bound, count) -> sum.merge(bound, count, Long::sum));
    return new LatencyHistogram(sum);
  }

  /**
   * The observations made after {@code earlier}. When a count went down the server restarted
   * between the two scrapes: its counters began again, so everything it holds is new (as
   * Prometheus' {@code increase} treats a counter reset).
   */
  public LatencyHistogram since(LatencyHistogram earlier) {
    if (earlier.cumulative.isEmpty() || cumulative.isEmpty()) {
      return this;
    }
    requireSameBounds(earlier);
    TreeMap<Double, Long> window = new TreeMap<>();
    for (Map.Entry<Double, Long> bucket : cumulative.entrySet()) {
      long delta = bucket.getValue() - earlier.cumulative.get(bucket.getKey());
      if (delta < 0) {
        return this;
      }
      window.put(bucket.getKey(), delta);
    }
    return new LatencyHistogram(window);
  }

  /**
   * The q-quantile (0 &lt; q &lt; 1), NaN without observations. Inside a bucket the observations
   * are taken as spread evenly; in the {@code +Inf} bucket the answer is the highest finite bound.
   */
  public double quantile(double q) {
    long total = count();
    if (total == 0) {
      return Double.NaN;
    }
    double rank = q * total;
    double lower = 0;
    long below = 0;
    for (Map.Entry<Double, Long> bucket : cumulative.entrySet()) {
      double upper = bucket.getKey();
      long upTo = bucket.getValue();
      if (upTo >= rank) {
        if (Double.isInfinite(upper)) {
          return lower;
        }
        long inBucket = upTo - below;
        return inBucket == 0 ? upper : lower + (upper - lower) * (rank - below) / inBucket;
      }
      lower = upper;
      below = upTo;
    }
    return lower;
  }

  private void requireSameBounds(LatencyHistogram other) {
    if (!cumulative.keySet().equals(other.cumulative.keySet())) {
      throw new MalformedMetricsException(
          "two scrapes of one latency histogram have different buckets ("
              + cumulative.keySet()
              + " and "
              + other.cumulative.keySet()
              + ")");
    }
  }
}
