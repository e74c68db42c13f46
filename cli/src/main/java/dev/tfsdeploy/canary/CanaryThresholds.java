package dev.tfsdeploy.canary;

/**
 * When a canary fails its analysis.
 *
 * @param maxErrorRate the canary's error rate above which it is aborted (0.01 = 1%)
 * @param maxP99Increase how much slower its p99 may be than stable's (0.2 = 20% slower)
 * @param minRequests requests each track must have served for a verdict on the numbers
 */
public record CanaryThresholds(double maxErrorRate, double maxP99Increase, long minRequests) {
  public static final CanaryThresholds DEFAULT = new CanaryThresholds(0.01, 0.2, 50);
}
