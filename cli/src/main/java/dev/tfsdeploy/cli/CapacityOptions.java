package dev.tfsdeploy.cli;

import dev.tfsdeploy.UserError;
import dev.tfsdeploy.loadtest.CapacityRequest;
import java.time.Duration;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * What a capacity search looks for and how far it may go (a picocli mixin): {@code loadtest
 * --find-capacity} and {@code experiments sweep} take the same options, so their names, forms and
 * defaults cannot drift apart. {@link CapacityRequest} checks the values.
 */
final class CapacityOptions {
  @Option(
      names = "--slo-p99",
      paramLabel = "DURATION",
      converter = DurationConverter.class,
      description = "Capacity search: the highest p99 latency a rate may have.")
  Duration sloP99;

  @Mixin MaxErrorRateOption maxErrorRate;

  @Option(
      names = "--start-rate",
      paramLabel = "R",
      defaultValue = "50",
      description = "Capacity search: the first step's requests/s (default: ${DEFAULT-VALUE}).")
  double startRate;

  @Option(
      names = "--max-rate",
      paramLabel = "R",
      defaultValue = "20000",
      description = "Capacity search: the highest rate tried (default: ${DEFAULT-VALUE}).")
  double maxRate;

  @Option(
      names = "--step-duration",
      paramLabel = "DURATION",
      converter = DurationConverter.class,
      defaultValue = "20s",
      description = "Capacity search: how long each step measures (default: ${DEFAULT-VALUE}).")
  Duration stepDuration;

  @Option(
      names = "--tolerance",
      paramLabel = "SHARE",
      defaultValue = "0.1",
      description =
          "Capacity search: stop when the rates that hold and break are this close (default:"
              + " ${DEFAULT-VALUE}).")
  double tolerance;

  @Option(
      names = "--max-duration",
      paramLabel = "DURATION",
      converter = DurationConverter.class,
      defaultValue = "15m",
      description =
          "Capacity search: the longest the whole search may take, per experiment in a sweep"
              + " (default: ${DEFAULT-VALUE}).")
  Duration maxDuration;

  /**
   * The search these options describe.
   *
   * @param searcher what searches, for the message when --slo-p99 is missing
   * @param connections the most connections at once, or null for enough for each step's rate
   * @param warmup load before the first step, not measured
   * @param timeout how long a request may take
   * @param threads event-loop threads, or null for the CPU cores
   */
  CapacityRequest toRequest(
      String searcher, Integer connections, Duration warmup, Duration timeout, Integer threads) {
    if (sloP99 == null) {
      throw new UserError(
          searcher + " needs a latency objective", "pass --slo-p99, e.g. --slo-p99 100ms");
    }
    if (threads != null && threads < 1) {
      throw new UserError("--threads " + threads + " is not a thread count", "pass 1 or more");
    }
    return new CapacityRequest(
        sloP99,
        maxErrorRate.value,
        startRate,
        stepDuration,
        tolerance,
        maxDuration,
        maxRate,
        connections,
        warmup,
        timeout,
        threads != null ? threads : Runtime.getRuntime().availableProcessors());
  }
}
