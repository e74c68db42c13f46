package dev.tfsdeploy.cli;

import picocli.CommandLine.Option;

/**
 * {@code --max-error-rate} (a picocli mixin): the highest share of failed requests that still
 * passes, for a capacity step ({@code loadtest --find-capacity}) and for a canary alike, so the
 * name, form and default cannot drift between them. The services check the value.
 */
final class MaxErrorRateOption {
  @Option(
      names = "--max-error-rate",
      paramLabel = "RATE",
      defaultValue = "0.01",
      description =
          "The highest share of failed requests that still passes, 0.01 for 1 in 100 (default:"
              + " ${DEFAULT-VALUE}).")
  double value;
}
