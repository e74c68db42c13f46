package dev.tfsdeploy.canary;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The analysis' answer: the canary and stable numbers of one window, and whether to promote.
 *
 * @param decision what the numbers say
 * @param reasons why, one sentence each (empty when promoting)
 */
public record CanaryVerdict(
    Decision decision, List<String> reasons, TrackNumbers stable, TrackNumbers canary) {
  public enum Decision {
    /** The canary met every threshold. */
    PROMOTE,
    /** The canary broke a threshold: remove it, stable never changed. */
    ABORT,
    /** Too little traffic to judge: no automatic promotion. */
    INCONCLUSIVE
  }

  public CanaryVerdict {
    reasons = List.copyOf(reasons);
  }

  /** Judges the canary's window against stable's window of the same time. */
  public static CanaryVerdict judge(
      TrackNumbers stable, TrackNumbers canary, CanaryThresholds thresholds) {
    if (canary.requests() < thresholds.minRequests()
        || stable.requests() < thresholds.minRequests()) {
      return new CanaryVerdict(
          Decision.INCONCLUSIVE,
          List.of(
              "too few requests to judge: canary "
                  + canary.requests()
                  + ", stable "
                  + stable.requests()
                  + " (need "
                  + thresholds.minRequests()
                  + " each; watch longer or send traffic)"),
          stable,
          canary);
    }
    List<String> reasons = new ArrayList<>();
    if (canary.errorRate() > thresholds.maxErrorRate()) {
      reasons.add(
          String.format(
              Locale.ROOT,
              "canary error rate %.2f%% is above %.2f%% (%d of %d requests; stable %.2f%%)",
              100 * canary.errorRate(),
              100 * thresholds.maxErrorRate(),
              canary.errors(),
              canary.requests(),
              100 * stable.errorRate()));
    }
    double allowed = stable.p99Millis() * (1 + thresholds.maxP99Increase());
    if (canary.p99Millis() > allowed) {
      reasons.add(
          String.format(
              Locale.ROOT,
              "canary p99 %.1f ms is more than %.0f%% above stable's %.1f ms",
              canary.p99Millis(),
              100 * thresholds.maxP99Increase(),
              stable.p99Millis()));
    }
    return new CanaryVerdict(
        reasons.isEmpty() ? Decision.PROMOTE : Decision.ABORT, reasons, stable, canary);
  }
}
