package dev.tfsdeploy.canary;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tfsdeploy.canary.CanaryVerdict.Decision;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class CanaryVerdictTest {
  private static final CanaryThresholds THRESHOLDS = new CanaryThresholds(0.01, 0.2, 50);

  /** {@code ok} and {@code failed} requests, every one taking {@code micros}-ish (one bucket). */
  private static ServingMetrics track(long ok, long failed, double bucketUpperMicros) {
    TreeMap<Double, Long> buckets = new TreeMap<>();
    buckets.put(bucketUpperMicros / 2, 0L);
    buckets.put(bucketUpperMicros, ok + failed);
    buckets.put(Double.POSITIVE_INFINITY, ok + failed);
    return new ServingMetrics(
        Map.of("OK", ok, "UNAVAILABLE", failed), new LatencyHistogram(buckets));
  }

  @Test
  void aCanaryAsGoodAsStableIsPromoted() {
    CanaryVerdict verdict =
        CanaryVerdict.judge(track(1000, 0, 4000), track(300, 0, 4000), THRESHOLDS);

    assertThat(verdict.decision()).isEqualTo(Decision.PROMOTE);
    assertThat(verdict.reasons()).isEmpty();
  }

  @Test
  void aCanaryThatErrsAboveTheBoundIsAborted() {
    CanaryVerdict verdict =
        CanaryVerdict.judge(track(1000, 0, 4000), track(290, 10, 4000), THRESHOLDS);

    assertThat(verdict.decision()).isEqualTo(Decision.ABORT);
    assertThat(verdict.reasons())
        .containsExactly(
            "canary error rate 3.33% is above 1.00% (10 of 300 requests; stable 0.00%)");
  }

  @Test
  void aCanaryMuchSlowerThanStableIsAborted() {
    CanaryVerdict verdict =
        CanaryVerdict.judge(track(1000, 0, 4000), track(300, 0, 8000), THRESHOLDS);

    assertThat(verdict.decision()).isEqualTo(Decision.ABORT);
    assertThat(verdict.reasons().get(0))
        .isEqualTo("canary p99 8.0 ms is more than 20% above stable's 4.0 ms");
  }

  @Test
  void aSlightlySlowerCanaryWithinTheIncreaseIsPromoted() {
    CanaryVerdict verdict =
        CanaryVerdict.judge(track(1000, 0, 4000), track(300, 0, 4400), THRESHOLDS);

    assertThat(verdict.decision()).isEqualTo(Decision.PROMOTE);
  }

  @Test
  void tooFewRequestsAreInconclusiveNotPromoted() {
    CanaryVerdict verdict =
        CanaryVerdict.judge(track(1000, 0, 4000), track(10, 0, 4000), THRESHOLDS);

    assertThat(verdict.decision()).isEqualTo(Decision.INCONCLUSIVE);
    assertThat(verdict.reasons().get(0)).contains("canary 10, stable 1000");
  }
}
