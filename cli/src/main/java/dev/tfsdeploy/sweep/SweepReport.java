package dev.tfsdeploy.sweep;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tfsdeploy.files.AtomicDirectory;
import dev.tfsdeploy.loadtest.CapacityReport;
import dev.tfsdeploy.loadtest.CapacityStep;
import dev.tfsdeploy.loadtest.ResultReport;
import dev.tfsdeploy.loadtest.TextTable;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A sweep for people and programs: {@code sweep.json} (every experiment, every step), {@code
 * report.md} (the ranking, the recommendation, the chart) and {@code report.svg} (the chart, see
 * {@link SweepChart}), and the job summary (the ranking and a Mermaid chart).
 */
public final class SweepReport {
  public static final String JSON_FILE = "sweep.json";
  public static final String MARKDOWN_FILE = "report.md";
  public static final String SVG_FILE = "report.svg";

  private static final ObjectMapper MAPPER =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final SweepResult result;

  public SweepReport(SweepResult result) {
    this.result = result;
  }

  /** Writes the three files into {@code out} (new or empty), all or none. */
  public void write(Path out) {
    Map<String, String> files = new LinkedHashMap<>();
    files.put(JSON_FILE, json());
    files.put(MARKDOWN_FILE, markdown());
    files.put(SVG_FILE, new SweepChart(result).svg());
    AtomicDirectory.write(out, files, staged -> {});
  }

  /** Every experiment with its steps, capacity, p99, price and cost, or why it failed. */
  public String json() {
    SweepRequest request = result.request();
    ObjectNode root = MAPPER.createObjectNode();
    root.put("sweep", result.id());
    root.put("image", request.image());
    root.put("model", request.modelName());
    root.put("slo_p99_ms", request.capacity().sloP99().toNanos() / 1e6);
    root.put("max_error_rate", request.capacity().maxErrorRate());
    root.put("load", load());
    root.put("gke_mode", request.rollout().gkeMode().label());
    root.put("region", request.region());
    root.put("prices", request.prices().provenance());
    root.put("recommended", result.recommended().map(ExperimentOutcome::experiment).orElse(null));
    root.put("recommendation", result.recommendation());
    List<ExperimentOutcome> ranking = result.ranking();
    ArrayNode experiments = root.putArray("experiments");
    for (ExperimentOutcome outcome : result.outcomes()) {
      ObjectNode node = experiments.addObject();
      node.put("experiment", outcome.experiment());
      node.put("namespace", outcome.namespace());
      node.put("kept", outcome.kept());
      node.put(
          "status",
          outcome.failure() != null ? "failed" : outcome.metSlo() ? "met_slo" : "no_capacity");
      int rank = ranking.indexOf(outcome);
      node.put("rank", rank < 0 ? null : rank + 1);
      node.put("failure", outcome.failure());
      node.put("capacity_rps", outcome.capacity().map(CapacityStep::rate).orElse(null));
      node.put(
          "p99_ms", outcome.capacity().map(step -> step.result().latency().p99()).orElse(null));
      node.put("usd_per_hour", outcome.price().usdPerHour());
      node.put("price_basis", outcome.price().basis());
      node.put("usd_per_million_requests", outcome.costPerMillion().orElse(null));
      ArrayNode steps = node.putArray("steps");
      for (ExperimentOutcome.Step step : outcome.steps()) {
        ObjectNode stepNode = steps.addObject();
        stepNode.put("step", step.name());
        stepNode.put("ok", step.ok());
        stepNode.put("seconds", step.seconds());
        stepNode.put("detail", step.detail());
      }
      if (outcome.search() != null) {
        node.set(
            "capacity_search",
            new CapacityReport(outcome.search(), outcome.experiment(), null).node());
      }
    }
    try {
      return MAPPER.writeValueAsString(root) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write the sweep as JSON", e);
    }
  }

  /** report.md: what was swept, the recommendation, the ranking, the others, the chart. */
  public String markdown() {
    return "# Experiments sweep `"
        + result.id()
        + "`\n\n"
        + setting()
        + "\n\n"
        + body()
        + "\n![p99 latency against offered rate, and USD per million requests]("
        + SVG_FILE
        + ")\n";
  }

  /** The job summary: the ranking and a Mermaid chart GitHub draws. */
  public String summary() {
    return "### Experiments sweep\n\n" + setting() + "\n\n" + body() + mermaid();
  }

  /** The recommendation, the ranking table and the experiments not ranked, as Markdown. */
  private String body() {
    StringBuilder out = new StringBuilder();
    out.append("**").append(result.recommendation()).append("**\n\n");
    List<ExperimentOutcome> ranking = result.ranking();
    if (!ranking.isEmpty()) {
      out.append(table(ranking).markdown()).append('\n');
    }
    List<ExperimentOutcome> others =
        result.outcomes().stream().filter(o -> !ranking.contains(o)).toList();
    if (!others.isEmpty()) {
      out.append("Not ranked:\n\n");
      for (ExperimentOutcome other : others) {
        out.append("- `").append(other.experiment()).append("`: ").append(other.status());
        out.append('\n');
      }
      out.append('\n');
    }
    return out.toString();
  }

  /** The ranking as aligned text, for the terminal. */
  public String text() {
    List<ExperimentOutcome> ranking = result.ranking();
    String table = ranking.isEmpty() ? "" : table(ranking).text() + "\n";
    String others =
        result.outcomes().stream()
            .filter(o -> !ranking.contains(o))
            .map(o -> o.experiment() + ": " + o.status() + "\n")
            .collect(Collectors.joining());
    return table + others + result.recommendation();
  }

  private static TextTable table(List<ExperimentOutcome> ranking) {
    TextTable table =
        new TextTable(
            List.of(
                "RANK",
                "EXPERIMENT",
                "CAPACITY REQ/S",
                "P99 MS",
                "USD/HOUR",
                "USD/1M REQ",
                "PRICED AS"),
            0,
            2,
            3,
            4,
            5);
    int rank = 1;
    for (ExperimentOutcome outcome : ranking) {
      CapacityStep capacity = outcome.capacity().orElseThrow();
      table.add(
          List.of(
              String.valueOf(rank++),
              outcome.experiment(),
              ResultReport.fixed(capacity.rate(), 1),
              ResultReport.fixed(capacity.result().latency().p99(), 2),
              ResultReport.fixed(outcome.price().usdPerHour(), 2),
              SweepResult.usd(outcome.costPerMillion().orElseThrow()),
              outcome.price().basis()));
    }
    return table;
  }

  private String setting() {
    SweepRequest request = result.request();
    return "Model `"
        + request.modelName()
        + "`, image `"
        + request.image()
        + "`; p99 SLO "
        + SweepResult.millis(request.capacity().sloP99())
        + " ms, errors within "
        + String.format(Locale.ROOT, "%.2f%%", 100 * request.capacity().maxErrorRate())
        + "; load: "
        + load()
        + "; prices: GKE "
        + request.rollout().gkeMode().label()
        + " in "
        + request.region()
        + ", "
        + request.prices().provenance()
        + ".";
  }

  private String load() {
    SweepRequest.InCluster inCluster = result.request().inCluster();
    return inCluster == null ? "port-forward" : inCluster.workers() + " in-cluster worker(s)";
  }

  /** An {@code xychart-beta} of the ranked experiments' cost per million requests. */
  private String mermaid() {
    List<ExperimentOutcome> ranking = result.ranking();
    if (ranking.isEmpty()) {
      return "";
    }
    return "```mermaid\nxychart-beta\n"
        + "    title \"USD per million requests at capacity\"\n"
        + "    x-axis ["
        + ranking.stream()
            .map(o -> "\"" + o.experiment().replace('"', '\'') + "\"")
            .collect(Collectors.joining(", "))
        + "]\n"
        + "    y-axis \"USD per 1M requests\"\n"
        + "    bar ["
        + ranking.stream()
            .map(o -> String.format(Locale.ROOT, "%.5f", o.costPerMillion().orElseThrow()))
            .collect(Collectors.joining(", "))
        + "]\n```\n";
  }
}
