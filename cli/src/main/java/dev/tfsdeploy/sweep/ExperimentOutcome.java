package dev.tfsdeploy.sweep;

import dev.tfsdeploy.loadtest.CapacityResult;
import dev.tfsdeploy.loadtest.CapacityStep;
import dev.tfsdeploy.loadtest.Comparison;
import dev.tfsdeploy.pricing.ExperimentCost;
import java.util.List;
import java.util.Optional;

/**
 * What became of one experiment in a sweep.
 *
 * @param experiment its name
 * @param namespace the namespace it ran in
 * @param steps every step it went through, in order
 * @param price its hourly price as deployed
 * @param search its capacity search, or null when it did not get that far
 * @param failure why it failed, one line, or null
 * @param kept whether its namespace was left in place
 */
public record ExperimentOutcome(
    String experiment,
    String namespace,
    List<Step> steps,
    ExperimentCost.Quote price,
    CapacityResult search,
    String failure,
    boolean kept) {

  public ExperimentOutcome {
    steps = List.copyOf(steps);
  }

  /**
   * One step of an experiment: namespace, deploy (fit check, rollout, smoke check), capacity
   * (warm-up and search), cleanup.
   *
   * @param name the step
   * @param ok whether it succeeded
   * @param seconds how long it took
   * @param detail what it did or why it failed
   */
  public record Step(String name, boolean ok, double seconds, String detail) {}

  /** The highest rate that met the SLO, when the search narrowed one down. */
  public Optional<CapacityStep> capacity() {
    return search == null ? Optional.empty() : search.capacity();
  }

  /** Whether it has a capacity within the SLO. */
  public boolean metSlo() {
    return capacity().isPresent();
  }

  /** USD per million requests served at its capacity, when it has one. */
  public Optional<Double> costPerMillion() {
    return capacity().map(step -> Comparison.costPerMillion(price.usdPerHour(), step.rate()));
  }

  /** "met the SLO", "failed: REASON", or why the search found no capacity. */
  public String status() {
    if (failure != null) {
      return "failed: " + failure;
    }
    if (search == null) {
      return "not measured";
    }
    return metSlo() ? "met the SLO" : "no capacity: " + search.limit().reason();
  }
}
