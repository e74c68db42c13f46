package dev.tfsdeploy.loadtest;

import dev.tfsdeploy.Durations;
import dev.tfsdeploy.UserError;
import java.time.Duration;

/**
 * What a capacity search looks for and how far it may go.
 *
 * @param sloP99 the highest p99 latency a rate may have to hold
 * @param maxErrorRate the highest share of failed requests a rate may have to hold (0.01 = 1%)
 * @param startRate the first step's requests per second
 * @param stepDuration how long each step measures
 * @param tolerance the search stops once the highest rate that holds and the lowest that does not
 *     are within this share of each other (0.1 = 10%)
 * @param timeLimit the longest the whole search may take; a step that could overrun it is not run
 * @param maxRate the highest rate the search tries
 * @param connections the most connections at once, or null for enough to carry each step's rate at
 *     the SLO's latency twice over
 * @param warmup load before the first step, not measured
 * @param timeout how long a request may take, counted from its intended send time
 * @param threads event-loop threads
 */
public record CapacityRequest(
    Duration sloP99,
    double maxErrorRate,
    double startRate,
    Duration stepDuration,
    double tolerance,
    Duration timeLimit,
    double maxRate,
    Integer connections,
    Duration warmup,
    Duration timeout,
    int threads) {
  /** Connections the search opens at least, as a plain open-loop run does. */
  static final int MIN_CONNECTIONS = 100;

  public CapacityRequest {
    if (sloP99 == null || sloP99.isNegative() || sloP99.isZero()) {
      throw new UserError(
          "a capacity search needs a latency objective", "pass --slo-p99, e.g. --slo-p99 100ms");
    }
    if (!(maxErrorRate >= 0 && maxErrorRate < 1)) {
      throw new UserError(
          "--max-error-rate " + maxErrorRate + " is not a share of requests",
          "pass a number from 0 to below 1, e.g. 0.01 for 1%");
    }
    if (!(startRate > 0 && Double.isFinite(startRate))) {
      throw new UserError(
          "--start-rate " + startRate + " is not a request rate", "pass e.g. --start-rate 50");
    }
    if (!(maxRate >= startRate && Double.isFinite(maxRate))) {
      throw new UserError(
          "--max-rate " + maxRate + " is below --start-rate " + startRate,
          "pass a --max-rate at or above the start rate");
    }
    if (stepDuration.isNegative() || stepDuration.isZero()) {
      throw new UserError("--step-duration 0 measures nothing", "pass e.g. --step-duration 20s");
    }
    if (!(tolerance > 0 && tolerance < 1)) {
      throw new UserError(
          "--tolerance " + tolerance + " is not a share of the capacity",
          "pass a number above 0 and below 1, e.g. 0.1 for 10%");
    }
    if (connections != null && connections < 1) {
      throw new UserError(
          "--concurrency " + connections + " is not a number of connections", "pass 1 or more");
    }
    if (timeout.isNegative() || timeout.isZero()) {
      throw new UserError("--timeout 0 would fail every request", "pass e.g. --timeout 10s");
    }
    Duration firstStep = warmup.plus(stepDuration).plus(timeout);
    if (timeLimit.compareTo(firstStep) < 0) {
      throw new UserError(
          "--max-duration "
              + Durations.format(timeLimit)
              + " is shorter than one step (warmup, step and timeout: "
              + Durations.format(firstStep)
              + ")",
          "raise --max-duration or shorten --step-duration or --timeout");
    }
  }

  /** The open-loop load of one step at {@code rate}; only the first step warms up. */
  public LoadSpec step(double rate, boolean first) {
    int open =
        connections != null
            ? connections
            : (int)
                Math.min(
                    Integer.MAX_VALUE,
                    Math.max(MIN_CONNECTIONS, Math.ceil(2 * rate * sloP99.toNanos() / 1e9)));
    return new LoadSpec(
        LoadSpec.Mode.OPEN,
        open,
        rate,
        stepDuration,
        0,
        first ? warmup : Duration.ZERO,
        timeout,
        threads);
  }
}
