package dev.tfsdeploy.canary;

import dev.tfsdeploy.loadtest.LoadResult;

/**
 * One track's numbers from an active probe: the requests the analysis sent it, those that failed,
 * and the p99 latency of those answered.
 */
record ProbeNumbers(long requests, long errors, double p99Millis) implements TrackNumbers {
  static ProbeNumbers of(LoadResult result) {
    return new ProbeNumbers(
        result.requests(),
        result.failures(),
        result.successes() == 0 ? Double.NaN : result.latency().p99());
  }

  @Override
  public CanarySignals source() {
    return CanarySignals.PROBE;
  }
}
