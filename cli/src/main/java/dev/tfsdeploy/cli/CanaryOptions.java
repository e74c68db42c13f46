package dev.tfsdeploy.cli;

import dev.tfsdeploy.UserError;
import dev.tfsdeploy.canary.AnalysisSignals;
import dev.tfsdeploy.canary.CanarySignals;
import dev.tfsdeploy.canary.CanaryThresholds;
import dev.tfsdeploy.canary.ServingMetrics;
import dev.tfsdeploy.pipeline.CanaryDeploy;
import java.time.Duration;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code --strategy canary}, how the canary is split and how it is judged (a picocli mixin). */
final class CanaryOptions {
  @Mixin CanaryTrafficOptions traffic;

  @Option(
      names = "--canary-analysis",
      paramLabel = "DURATION",
      defaultValue = "5m",
      converter = DurationConverter.class,
      description = "How long both tracks are watched (default: ${DEFAULT-VALUE}).")
  Duration analysis;

  @Mixin MaxErrorRateOption maxErrorRate;

  @Option(
      names = "--max-p99-increase",
      paramLabel = "FRACTION",
      defaultValue = "0.2",
      description =
          "How much slower than stable the canary's p99 may be, 0.2 means 20 percent (default:"
              + " ${DEFAULT-VALUE}).")
  double maxP99Increase;

  @Option(
      names = "--canary-min-requests",
      paramLabel = "N",
      defaultValue = "50",
      description =
          "Requests each track must serve for a verdict; fewer is inconclusive (default:"
              + " ${DEFAULT-VALUE}).")
  long minRequests;

  @Option(
      names = "--canary-decision",
      paramLabel = "auto|manual",
      defaultValue = "auto",
      description =
          "auto promotes a canary that held and aborts one that did not; manual leaves it"
              + " running for `tfs-deploy canary promote|abort` (default: ${DEFAULT-VALUE}).")
  String decision;

  @Option(
      names = "--metrics-path",
      paramLabel = "PATH",
      defaultValue = ServingMetrics.DEFAULT_PATH,
      description = "Where TF Serving serves its Prometheus metrics (default: ${DEFAULT-VALUE}).")
  String metricsPath;

  @Option(
      names = "--canary-signals",
      paramLabel = "auto|metrics|probe",
      defaultValue = "auto",
      description =
          "What the canary is judged by: TF Serving's metrics (the traffic both tracks get),"
              + " an active probe (requests the analysis sends each track), or auto: metrics,"
              + " the probe when the server publishes none (default: ${DEFAULT-VALUE}).")
  String signals;

  @Option(
      names = "--probe-rate",
      paramLabel = "RPS",
      defaultValue = "5",
      description =
          "Requests per second the probe sends to one pod of each track, the --smoke-request"
              + " body or one made up for stable's signature (default: ${DEFAULT-VALUE}).")
  double probeRate;

  /** Whether a canary was asked for; an unknown strategy is refused. */
  boolean canary() {
    return traffic.canary();
  }

  CanaryDeploy.Settings toSettings() {
    if (!decision.equals("auto") && !decision.equals("manual")) {
      throw new UserError(
          "--canary-decision " + decision + " is not a decision", "pass auto or manual");
    }
    return new CanaryDeploy.Settings(
        traffic.toSpec(),
        analysis,
        new CanaryThresholds(maxErrorRate.value, maxP99Increase, minRequests),
        new AnalysisSignals(CanarySignals.parse(signals), metricsPath, probeRate),
        decision.equals("auto"));
  }
}
