package dev.tfsdeploy.loadtest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tfsdeploy.UserError;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Several load-test results side by side, each with its cost per million successful requests when
 * its hourly price is known: {@code price per hour / (requests per second * 3600) * 1e6}.
 *
 * <p>The price is what the experiment costs per hour as deployed, all its replicas together: given
 * by the user, or looked up by the caller (a price table) for the runs without one.
 */
public final class Comparison {
  private static final ObjectMapper MAPPER =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final List<Row> rows;

  /**
   * One run.
   *
   * @param label the experiment, or the file's name without .json when the run names none
   * @param pricePerHour USD per hour for the experiment as deployed, or null when not known
   * @param priceBasis where the price came from: "--price-per-hour", or what a price table billed
   *     (e.g. "4 x e2-standard-2"); null without a price
   */
  public record Row(String label, LoadResult result, Double pricePerHour, String priceBasis) {
    /** USD per million successful requests, or null without a price or without successes. */
    public Double costPerMillion() {
      return Comparison.costPerMillion(pricePerHour, result.requestsPerSecond());
    }
  }

  /**
   * USD per million requests served at {@code requestsPerSecond} by what costs {@code pricePerHour}
   * USD an hour; null without a price or without a rate.
   */
  public static Double costPerMillion(Double pricePerHour, double requestsPerSecond) {
    if (pricePerHour == null || !(requestsPerSecond > 0)) {
      return null;
    }
    return pricePerHour / (requestsPerSecond * 3600) * 1e6;
  }

  private Comparison(List<Row> rows) {
    this.rows = List.copyOf(rows);
  }

  /** The basis of a price the user gave. */
  public static final String GIVEN = "--price-per-hour";

  /** An hourly price for an experiment as deployed, and what makes it up. */
  public record Price(double usdPerHour, String basis) {}

  /** Reads every result file and attaches the prices, keyed by experiment (or file) name. */
  public static Comparison of(List<Path> files, Map<String, Double> pricesPerHour) {
    return of(files, pricesPerHour, label -> Optional.empty());
  }

  /**
   * Reads every result file and attaches the prices given, keyed by experiment (or file) name;
   * {@code otherPrices} prices the runs without one (e.g. from a price table), or leaves them
   * unpriced.
   */
  public static Comparison of(
      List<Path> files,
      Map<String, Double> pricesPerHour,
      Function<String, Optional<Price>> otherPrices) {
    if (files.isEmpty()) {
      throw new UserError("no results to compare", "pass result files, e.g. results/*.json");
    }
    List<Row> rows = new ArrayList<>();
    Set<String> labels = new LinkedHashSet<>();
    for (Path file : files) {
      LoadResult result = ResultFiles.readJson(file);
      String label = result.experiment() != null ? result.experiment() : stem(file);
      labels.add(label);
      Double given = pricesPerHour.get(label);
      Optional<Price> other = given == null ? otherPrices.apply(label) : Optional.empty();
      rows.add(
          new Row(
              label,
              result,
              given != null ? given : other.map(Price::usdPerHour).orElse(null),
              given != null ? GIVEN : other.map(Price::basis).orElse(null)));
    }
    Set<String> unknown = new TreeSet<>(pricesPerHour.keySet());
    unknown.removeAll(labels);
    if (!unknown.isEmpty()) {
      throw new UserError(
          "--price-per-hour names " + String.join(", ", unknown) + ", which no result is for",
          "name one of: " + String.join(", ", labels));
    }
    return new Comparison(rows);
  }

  public List<Row> rows() {
    return rows;
  }

  /** Aligned columns for a terminal. */
  public String text() {
    return table().text();
  }

  /** A Markdown table for the job summary. */
  public String markdown() {
    return "### Load-test comparison\n\n" + table().markdown();
  }

  /** Every row with its numbers and cost, as a JSON array. */
  public String json() {
    ArrayNode array = MAPPER.createArrayNode();
    for (Row row : rows) {
      ObjectNode node = array.addObject();
      LoadResult r = row.result();
      node.put("label", row.label());
      node.put("experiment", r.experiment());
      node.put("replicas", r.replicas());
      node.put("mode", r.mode());
      node.put("concurrency", r.concurrency());
      node.put("rate", r.rate());
      node.put("requestsPerSecond", r.requestsPerSecond());
      node.put("p50Ms", r.latency().p50());
      node.put("p90Ms", r.latency().p90());
      node.put("p99Ms", r.latency().p99());
      node.put("p99_9Ms", r.latency().p999());
      node.put("maxMs", r.latency().max());
      node.put("requests", r.requests());
      node.put("failures", r.failures());
      node.put("pricePerHour", row.pricePerHour());
      node.put("priceBasis", row.priceBasis());
      node.put("costPerMillionRequests", row.costPerMillion());
    }
    try {
      return MAPPER.writeValueAsString(array);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write the comparison as JSON", e);
    }
  }

  private TextTable table() {
    TextTable table =
        new TextTable(
            List.of(
                "RUN",
                "REPLICAS",
                "LOAD",
                "REQ/S",
                "P50 MS",
                "P90 MS",
                "P99 MS",
                "P99.9 MS",
                "MAX MS",
                "FAILED",
                "USD/HOUR",
                "USD/1M REQ"),
            1,
            3,
            4,
            5,
            6,
            7,
            8,
            9,
            10,
            11);
    for (Row row : rows) {
      LoadResult r = row.result();
      LoadResult.Latency l = r.latency();
      Double cost = row.costPerMillion();
      table.add(
          List.of(
              row.label(),
              r.replicas() == null ? "-" : r.replicas().toString(),
              r.rate() == null
                  ? "closed " + r.concurrency()
                  : "open " + ResultReport.fixed(r.rate(), 0) + "/s",
              ResultReport.fixed(r.requestsPerSecond(), 1),
              ms(r, l.p50()),
              ms(r, l.p90()),
              ms(r, l.p99()),
              ms(r, l.p999()),
              ms(r, l.max()),
              r.failures() + failedShare(r),
              row.pricePerHour() == null ? "-" : ResultReport.fixed(row.pricePerHour(), 2),
              cost == null ? "-" : ResultReport.fixed(cost, cost < 0.01 ? 5 : 3)));
    }
    return table;
  }

  private static String failedShare(LoadResult r) {
    return r.failures() == 0 || r.requests() == 0
        ? ""
        : " (" + ResultReport.fixed(100.0 * r.failures() / r.requests(), 1) + "%)";
  }

  /** Latencies exist only for successful requests; a run without any has none to show. */
  private static String ms(LoadResult r, double value) {
    return r.successes() == 0 ? "-" : ResultReport.fixed(value, value < 100 ? 2 : 0);
  }

  private static String stem(Path file) {
    String name = file.getFileName().toString();
    return name.endsWith(".json") ? name.substring(0, name.length() - 5) : name;
  }
}
