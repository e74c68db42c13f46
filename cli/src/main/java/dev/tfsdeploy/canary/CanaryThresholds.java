package dev.tfsdeploy.canary;

import dev.tfsdeploy.UserError;

/**
 * When a canary fails its analysis.
 *
 * @param maxErrorRate the canary's error rate above which it is aborted (0.01 = 1%)
 * @param maxP99Increase how much slower its p99 may be than stable's (0.2 = 20% slower)
 * @param minRequests requests each track must have served for a verdict on the numbers
 */
public record CanaryThresholds(double maxErrorRate, double maxP99Increase, long minRequests) {
  public CanaryThresholds {
    if (!(maxErrorRate >= 0 && maxErrorRate <= 1)) {
      throw new UserError(
          "--max-error-rate " + maxErrorRate + " is not a rate",
          "pass a fraction between 0 and 1, e.g. 0.01 for 1%");
    }
    if (!(maxP99Increase >= 0)) {
      throw new UserError(
          "--max-p99-increase " + maxP99Increase + " is not an increase",
          "pass a fraction of stable's p99, e.g. 0.2 for 20% slower");
    }
  }

  public static final CanaryThresholds DEFAULT = new CanaryThresholds(0.01, 0.2, 50);
}
