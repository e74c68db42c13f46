package dev.tfsdeploy.loadtest;

/**
 * One rate the search tried and whether it held.
 *
 * @param rate the requests per second asked for
 * @param measurement what the step measured, with the generator's schedule lag
 * @param verdict whether the rate held, and if not what broke
 */
public record CapacityStep(double rate, Measurement measurement, Verdict verdict) {
  /** A step's outcome. */
  public enum Verdict {
    /** The p99 and the error rate met their bounds, and the generator kept its schedule. */
    HOLDS("holds"),
    /** The p99 of successful requests exceeded the SLO. */
    SLO_P99("p99 over the SLO"),
    /** More requests failed than the error bound allows. */
    ERROR_RATE("too many errors"),
    /** The generator sent late: the step measured the load generator, not the server. */
    GENERATOR("generator behind schedule");

    private final String text;

    Verdict(String text) {
      this.text = text;
    }

    /** "holds", "p99 over the SLO", ... for tables. */
    public String text() {
      return text;
    }

    /** The name in result files: holds, slo_p99, error_rate, generator. */
    public String key() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  public LoadResult result() {
    return measurement().result();
  }

  /** Failed requests as a share of the measured ones. */
  public double errorRate() {
    return errorRate(result());
  }

  private static double errorRate(LoadResult r) {
    return r.requests() == 0 ? 1 : (double) r.failures() / r.requests();
  }

  /**
   * The step's verdict under {@code request}'s bounds. A p99 over the SLO is the server's when the
   * server itself took that long (latency counted from the actual send); when only the wait before
   * sending made it so, the generator could not keep the schedule, and the step says nothing of the
   * server.
   */
  static Verdict judge(Measurement measurement, CapacityRequest request) {
    double sloMs = request.sloP99().toNanos() / 1e6;
    LoadResult r = measurement.result();
    if (errorRate(r) > request.maxErrorRate()) {
      return Verdict.ERROR_RATE;
    }
    if (r.latency().p99() > sloMs) {
      return measurement.sentP99Ms() > sloMs ? Verdict.SLO_P99 : Verdict.GENERATOR;
    }
    return Verdict.HOLDS;
  }
}
