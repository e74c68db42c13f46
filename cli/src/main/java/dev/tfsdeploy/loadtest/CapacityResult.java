package dev.tfsdeploy.loadtest;

import java.util.List;
import java.util.Optional;

/**
 * What a capacity search found.
 *
 * @param request what it looked for
 * @param url where the load went
 * @param steps every step, in the order run
 * @param limit what ended the search
 * @param capacity the highest step that held, when the search narrowed it down to the tolerance
 *     (empty when the generator, the rate ceiling or the time limit ended the search first)
 */
public record CapacityResult(
    CapacityRequest request,
    String url,
    List<CapacityStep> steps,
    Limit limit,
    Optional<CapacityStep> capacity) {

  public CapacityResult {
    steps = List.copyOf(steps);
  }

  /** What ended a search. */
  public enum Limit {
    /** A rate broke the latency SLO, and the search narrowed the capacity below it. */
    SLO_P99("the p99 latency broke the SLO above the capacity"),
    /** A rate broke the error bound, and the search narrowed the capacity below it. */
    ERROR_RATE("the error rate broke its bound above the capacity"),
    /** The generator could not keep a step's schedule: no capacity is reported. */
    GENERATOR(
        "the load generator could not keep the schedule, so it, not the server, was measured:"
            + " no capacity (run the load from a machine with more CPU, or with more --threads)"),
    /** Every step up to the rate ceiling held: the capacity is above it. */
    MAX_RATE("every rate up to --max-rate held: the capacity is above it (raise --max-rate)"),
    /** Not even the lowest rate tried held. */
    START_RATE("no rate held, down to the lowest tried (lower --start-rate or relax the SLO)"),
    /** The time limit came before the search narrowed the capacity down. */
    TIME_LIMIT("--max-duration ran out before the capacity was narrowed down (raise it)");

    private final String reason;

    Limit(String reason) {
      this.reason = reason;
    }

    /** Why the search ended, as a sentence for people. */
    public String reason() {
      return reason;
    }

    /** The name in result files: slo_p99, error_rate, generator, max_rate, ... */
    public String key() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** The highest step that held, narrowed down or not. */
  public Optional<CapacityStep> highestHolding() {
    return steps.stream()
        .filter(step -> step.verdict() == CapacityStep.Verdict.HOLDS)
        .max((a, b) -> Double.compare(a.rate(), b.rate()));
  }
}
