package dev.tfsdeploy.sweep;

import dev.tfsdeploy.loadtest.ResultReport;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * A sweep's outcome: every experiment, in the order asked, and the ranking of those that met the
 * SLO by USD per million requests at capacity.
 *
 * @param id the sweep's id (its namespaces' label)
 * @param request what was asked
 * @param outcomes one per experiment, in the order asked
 */
public record SweepResult(String id, SweepRequest request, List<ExperimentOutcome> outcomes) {
  public SweepResult {
    outcomes = List.copyOf(outcomes);
  }

  /** Those that met the SLO, cheapest per million requests at capacity first. */
  public List<ExperimentOutcome> ranking() {
    return outcomes.stream()
        .filter(ExperimentOutcome::metSlo)
        .sorted(Comparator.comparingDouble(o -> o.costPerMillion().orElseThrow()))
        .toList();
  }

  /** The cheapest per million requests among those that met the SLO. */
  public Optional<ExperimentOutcome> recommended() {
    return ranking().stream().findFirst();
  }

  /** The recommendation as one sentence. */
  public String recommendation() {
    String slo = "the p99 SLO of " + millis(request.capacity().sloP99()) + " ms";
    return recommended()
        .map(
            best ->
                "Deploy "
                    + best.experiment()
                    + ": it holds "
                    + ResultReport.fixed(best.capacity().orElseThrow().rate(), 1)
                    + " requests/s within "
                    + slo
                    + " at USD "
                    + usd(best.costPerMillion().orElseThrow())
                    + " per million requests, the cheapest of the "
                    + ranking().size()
                    + " that met it.")
        .orElse(
            "No experiment met "
                + slo
                + " ("
                + outcomes.size()
                + " tried): relax the SLO or try larger experiments.");
  }

  static String millis(Duration duration) {
    return ResultReport.fixed(duration.toNanos() / 1e6, duration.toMillis() >= 10 ? 0 : 1);
  }

  /** Enough decimals for cents per million and for fractions of a cent. */
  static String usd(double value) {
    return ResultReport.fixed(value, value < 0.01 ? 5 : 3);
  }
}
