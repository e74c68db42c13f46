package dev.tfsdeploy.canary;

/**
 * One track's numbers over the analysis window, whatever measured them: what the verdict compares.
 */
public interface TrackNumbers {
  /** Requests seen, answered or not. */
  long requests();

  /** Requests that failed. */
  long errors();

  /** The 99th percentile of request latency in milliseconds, NaN without observations. */
  double p99Millis();

  /** What measured them: {@link CanarySignals#METRICS} or {@link CanarySignals#PROBE}. */
  CanarySignals source();

  /** Errors over requests, 0 without requests. */
  default double errorRate() {
    long requests = requests();
    return requests == 0 ? 0 : (double) errors() / requests;
  }
}
