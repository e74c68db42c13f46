package dev.tfsdeploy.canary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Against a page in the exact shape TF Serving's Prometheus exporter writes
 * (tensorflow_serving/util/prometheus_exporter.cc): {@code # TYPE} lines without HELP, labels in
 * declaration order, buckets Exponential(10, 1.8, 33) microseconds printed with six significant
 * digits, {@code name{}} for unlabelled scalars, and other models' and TensorFlow's own metrics
 * mixed in.
 */
class ServingMetricsTest {
  private static final double BOUND_6 = 340.122;
  private static final double BOUND_7 = 612.22;
  private static final double BOUND_11 = 6426.84;
  private static final double BOUND_12 = 11568.3;

  @Test
  void countsTheModelsRequestsByStatusAndIgnoresOtherModels() {
    ServingMetrics metrics = ServingMetrics.parse(page(), "half_plus_two");

    assertThat(metrics.requestsByStatus()).isEqualTo(Map.of("OK", 1200L, "INVALID_ARGUMENT", 12L));
    assertThat(metrics.requests()).isEqualTo(1212);
    assertThat(metrics.errors()).isEqualTo(12);
    assertThat(metrics.errorRate()).isCloseTo(12.0 / 1212, within(1e-12));
  }

  @Test
  void sumsTheLatencyOfEveryApiAndEntryPoint() {
    ServingMetrics metrics = ServingMetrics.parse(page(), "half_plus_two");

    // 1000 REST predictions and 212 gRPC ones.
    assertThat(metrics.latencyMicros().count()).isEqualTo(1212);
  }

  @Test
  void p99InterpolatesInsideItsBucketAsHistogramQuantileDoes() {
    ServingMetrics metrics = ServingMetrics.parse(page(), "half_plus_two");

    // Rank 0.99 x 1212 = 1199.88 falls in (6426.84, 11568.3], which holds the 22 observations
    // after the first 1190.
    double expectedMicros = BOUND_11 + (BOUND_12 - BOUND_11) * (1199.88 - 1190) / 22;
    assertThat(metrics.p99Millis()).isCloseTo(expectedMicros / 1000, within(1e-9));
  }

  @Test
  void medianFromTheSamePage() {
    LatencyHistogram latency = ServingMetrics.parse(page(), "half_plus_two").latencyMicros();

    // Rank 606: 200 observations up to 340.122, 900 in (340.122, 612.22].
    assertThat(latency.quantile(0.5))
        .isCloseTo(BOUND_6 + (BOUND_7 - BOUND_6) * (606.0 - 200) / 900, within(1e-9));
  }

  @Test
  void aModelTheServerDoesNotServeHasNoRequests() {
    ServingMetrics metrics = ServingMetrics.parse(page(), "absent");

    assertThat(metrics.requests()).isZero();
    assertThat(metrics.p99Millis()).isNaN();
  }

  @Test
  void aWindowIsTheDifferenceOfTwoScrapes() {
    ServingMetrics before = ServingMetrics.parse(page(), "half_plus_two");
    ServingMetrics after =
        ServingMetrics.parse(
            page()
                .replace(
                    "model_name=\"half_plus_two\",status=\"OK\"} 1200",
                    "model_name=\"half_plus_two\",status=\"OK\"} 1500"),
            "half_plus_two");

    ServingMetrics window = after.since(before);

    assertThat(window.requestsByStatus()).isEqualTo(Map.of("OK", 300L, "INVALID_ARGUMENT", 0L));
  }

  @Test
  void aRestartBetweenScrapesCountsEverythingAfterItAsNew() {
    ServingMetrics before = ServingMetrics.parse(page(), "half_plus_two");
    ServingMetrics restarted = new ServingMetrics(Map.of("OK", 5L), LatencyHistogram.EMPTY);

    assertThat(restarted.since(before).requests()).isEqualTo(5);
  }

  @Test
  void podsOfOneTrackAddUp() {
    ServingMetrics pod = ServingMetrics.parse(page(), "half_plus_two");

    ServingMetrics both = pod.plus(pod);

    assertThat(both.requests()).isEqualTo(2424);
    assertThat(both.latencyMicros().count()).isEqualTo(2424);
    assertThat(both.p99Millis()).isCloseTo(pod.p99Millis(), within(1e-9));
  }

  static String page() {
    try (InputStream in =
        ServingMetricsTest.class.getResourceAsStream("/canary/tf-serving-metrics.txt")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
