package dev.tfsdeploy.canary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class LatencyHistogramTest {
  private static LatencyHistogram histogram(double[] bounds, long... cumulative) {
    TreeMap<Double, Long> buckets = new TreeMap<>();
    for (int i = 0; i < bounds.length; i++) {
      buckets.put(bounds[i], cumulative[i]);
    }
    return new LatencyHistogram(buckets);
  }

  private static final double[] BOUNDS = {100, 200, 400, Double.POSITIVE_INFINITY};

  @Test
  void theFirstBucketInterpolatesFromZero() {
    assertThat(histogram(BOUNDS, 10, 10, 10, 10).quantile(0.5)).isCloseTo(50, within(1e-9));
  }

  @Test
  void aQuantileInTheInfiniteBucketIsTheHighestFiniteBound() {
    assertThat(histogram(BOUNDS, 0, 0, 1, 100).quantile(0.99)).isEqualTo(400);
  }

  @Test
  void noObservationsHaveNoQuantile() {
    assertThat(histogram(BOUNDS, 0, 0, 0, 0).quantile(0.99)).isNaN();
  }

  @Test
  void sinceSubtractsBucketByBucket() {
    LatencyHistogram window =
        histogram(BOUNDS, 10, 30, 40, 40).since(histogram(BOUNDS, 5, 10, 10, 10));

    assertThat(window.cumulative())
        .isEqualTo(Map.of(100.0, 5L, 200.0, 20L, 400.0, 30L, Double.POSITIVE_INFINITY, 30L));
  }

  @Test
  void scrapesWithDifferentBucketsAreRefused() {
    LatencyHistogram other = histogram(new double[] {50, Double.POSITIVE_INFINITY}, 1, 1);

    assertThatThrownBy(() -> histogram(BOUNDS, 1, 1, 1, 1).plus(other))
        .isInstanceOf(MalformedMetricsException.class)
        .hasMessageContaining("different buckets");
  }
}
