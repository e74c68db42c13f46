package dev.tfsdeploy.cli;

import dev.tfsdeploy.UserError;
import dev.tfsdeploy.loadtest.Comparison;
import dev.tfsdeploy.pricing.ExperimentCost;
import dev.tfsdeploy.pricing.PriceTable;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code tfs-deploy experiments compare}: load-test results side by side, with cost per request.
 */
@Command(
    name = "compare",
    header = "Compare load-test results side by side, with cost per million requests.",
    sortOptions = false,
    usageHelpAutoWidth = true,
    description = {
      "Put load-test results (files `tfs-deploy loadtest --json` wrote) side by",
      "side: load, requests/s, latency percentiles, failures and USD per million",
      "successful requests:",
      "  price per hour / (requests/s x 3600) x 1,000,000."
    },
    footerHeading = "%n",
    footer = {
      "The price is per experiment as deployed: all its replicas together.",
      "--price-per-hour gives it; otherwise a run that names an experiment of",
      "--kube-dir is priced from the price table (the shipped one, or --prices):",
      "on GKE Standard the nodes of the machine type its node selector names, on",
      "Autopilot its pods' requests as Autopilot bills them. A run is named by its",
      "experiment, or by its file name without .json when it names none."
    })
final class ExperimentsCompareCommand extends StepCommand {
  @Parameters(
      paramLabel = "RESULT",
      arity = "0..*",
      description = "Result files, e.g. results/*.json.")
  List<Path> files;

  @Option(
      names = "--price-per-hour",
      paramLabel = "EXPERIMENT=USD",
      description = "Hourly price of an experiment as deployed; repeat for each experiment.")
  Map<String, String> prices;

  @Mixin PriceOptions priceTable;

  @Mixin GkeModeOption gkeMode;

  @Mixin KubeDirOption kubeDir;

  @Option(names = "--json", description = "Print a JSON array instead of a table.")
  boolean json;

  @Override
  public Integer call() {
    PriceTable table = priceTable.table();
    Function<String, Optional<ExperimentCost.Quote>> pricer =
        new ExperimentCost(table)
            .pricer(kubeDir.experiments(), gkeMode.mode(), priceTable.region, console()::warn);
    Comparison comparison =
        Comparison.of(
            files == null ? List.of() : files,
            parsePrices(),
            label -> pricer.apply(label).map(q -> new Comparison.Price(q.usdPerHour(), q.basis())));
    if (comparison.rows().stream().anyMatch(r -> tablePriced(r))) {
      console()
          .info(
              "prices: GKE "
                  + gkeMode.mode().label()
                  + " in "
                  + PriceTable.region(priceTable.region)
                  + ", from "
                  + table.provenance());
    }
    outputs().summary(comparison.markdown());
    console().result(json ? comparison.json() : comparison.text().stripTrailing());
    return ExitCode.OK;
  }

  private static boolean tablePriced(Comparison.Row row) {
    return row.priceBasis() != null && !row.priceBasis().equals(Comparison.GIVEN);
  }

  private Map<String, Double> parsePrices() {
    Map<String, Double> parsed = new LinkedHashMap<>();
    if (prices == null) {
      return parsed;
    }
    prices.forEach(
        (experiment, usd) -> {
          double value;
          try {
            value = Double.parseDouble(usd.strip().replaceFirst("^\\$", ""));
          } catch (NumberFormatException e) {
            throw new UserError(
                "--price-per-hour " + experiment + "=" + usd + " is not a price",
                "pass USD per hour, e.g. " + experiment + "=0.38");
          }
          if (!(value >= 0) || Double.isInfinite(value)) {
            throw new UserError(
                "--price-per-hour " + experiment + "=" + usd + " is not a price",
                "pass a non-negative number");
          }
          parsed.put(experiment, value);
        });
    return parsed;
  }
}
