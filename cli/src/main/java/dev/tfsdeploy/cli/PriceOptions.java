package dev.tfsdeploy.cli;

import dev.tfsdeploy.pricing.PriceTable;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * Where experiments' prices come from (a picocli mixin): the shipped price table or {@code
 * --prices}, and {@code --region}; for {@code experiments compare} and {@code experiments sweep}.
 */
final class PriceOptions {
  @Option(
      names = "--prices",
      paramLabel = "FILE",
      description =
          "A price table to use instead of the shipped one (its format: docs/experiments.md).")
  Path pricesFile;

  @Option(
      names = "--region",
      paramLabel = "REGION",
      defaultValue = "us-central1",
      description = "The region (or zone) whose prices apply (default: ${DEFAULT-VALUE}).")
  String region;

  /** The table: --prices, else the shipped one. */
  PriceTable table() {
    return pricesFile == null ? PriceTable.shipped() : PriceTable.read(pricesFile);
  }
}
