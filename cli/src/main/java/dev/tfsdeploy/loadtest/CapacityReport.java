package dev.tfsdeploy.loadtest;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A capacity search as a file ({@code --json}, read back by {@code experiments compare}) and as
 * tables for people. Each step is written as a load-test result of its own (the fields {@code
 * loadtest --json} writes) with its verdict and the generator's schedule lag.
 */
public final class CapacityReport {
  /** The {@code mode} of a capacity search's file. */
  static final String MODE = "capacity";

  private final CapacityResult result;
  private final String experiment;
  private final Integer replicas;

  /**
   * @param experiment the experiment measured, or null
   * @param replicas its replicas when known, or null
   */
  public CapacityReport(CapacityResult result, String experiment, Integer replicas) {
    this.result = result;
    this.experiment = experiment;
    this.replicas = replicas;
  }

  /** The search as a JSON document. */
  public String json() {
    return ResultFiles.text(node());
  }

  /** The search as a JSON object, for documents that hold several (a sweep's). */
  public ObjectNode node() {
    ObjectNode node = JsonNodeFactory.instance.objectNode();
    node.put("experiment", experiment);
    node.put("replicas", replicas);
    node.put("url", result.url());
    node.put("mode", MODE);
    CapacityRequest request = result.request();
    ObjectNode search = node.putObject("search");
    search.put("slo_p99_ms", request.sloP99().toNanos() / 1e6);
    search.put("max_error_rate", request.maxErrorRate());
    search.put("start_rate", request.startRate());
    search.put("max_rate", request.maxRate());
    search.put("step_seconds", request.stepDuration().toNanos() / 1e9);
    search.put("tolerance", request.tolerance());
    search.put("max_duration_seconds", request.timeLimit().toNanos() / 1e9);
    node.put("capacity_rps", result.capacity().map(CapacityStep::rate).orElse(null));
    node.put("p99_ms", result.capacity().map(step -> step.result().latency().p99()).orElse(null));
    node.put("limit", result.limit().key());
    node.put("reason", result.limit().reason());
    node.put("highest_holding_rps", result.highestHolding().map(CapacityStep::rate).orElse(null));
    ArrayNode steps = node.putArray("steps");
    for (CapacityStep step : result.steps()) {
      ObjectNode stepNode = ResultFiles.node(labelled(step.result()));
      stepNode.put("verdict", step.verdict().key());
      stepNode.put("sentP99Ms", step.measurement().sentP99Ms());
      steps.add(stepNode);
    }
    return node;
  }

  /** Writes {@link #json} to {@code file}, replacing it atomically. */
  public void writeJson(Path file) {
    ResultFiles.replace(file, json() + "\n", "--json");
  }

  /** Every step as an aligned table, then the capacity or why there is none. */
  public String text() {
    return table().text() + "\n" + conclusion() + "\n";
  }

  /** The same for the job summary. */
  public String markdown() {
    String title = "### Capacity search" + (experiment == null ? "" : ": `" + experiment + "`");
    return title + "\n\n" + table().markdown() + "\n" + conclusion() + "\n";
  }

  /** "capacity: 190 requests/s (p99 42.1 ms) ..." or why no capacity is reported. */
  public String conclusion() {
    String sloMs = ResultReport.fixed(result.request().sloP99().toNanos() / 1e6, 1);
    return result
        .capacity()
        .map(
            step ->
                "capacity: "
                    + ResultReport.fixed(step.rate(), 1)
                    + " requests/s at p99 "
                    + ResultReport.fixed(step.result().latency().p99(), 1)
                    + " ms (SLO "
                    + sloMs
                    + " ms); "
                    + result.limit().reason())
        .orElse("no capacity: " + result.limit().reason());
  }

  private LoadResult labelled(LoadResult step) {
    return experiment == null ? step : step.withExperiment(experiment, replicas);
  }

  private TextTable table() {
    TextTable table =
        new TextTable(
            List.of(
                "STEP",
                "RATE",
                "ACHIEVED",
                "P50 MS",
                "P90 MS",
                "P99 MS",
                "MAX MS",
                "ERRORS",
                "SENT P99 MS",
                "VERDICT"),
            0,
            1,
            2,
            3,
            4,
            5,
            6,
            8);
    int index = 1;
    for (CapacityStep step : result.steps()) {
      LoadResult r = step.result();
      LoadResult.Latency l = r.latency();
      boolean measured = r.successes() > 0;
      table.add(
          List.of(
              String.valueOf(index++),
              ResultReport.fixed(step.rate(), 1),
              ResultReport.fixed(r.requestsPerSecond(), 1),
              measured ? ResultReport.fixed(l.p50(), 2) : "-",
              measured ? ResultReport.fixed(l.p90(), 2) : "-",
              measured ? ResultReport.fixed(l.p99(), 2) : "-",
              measured ? ResultReport.fixed(l.max(), 2) : "-",
              errors(r.errors()),
              step.result().successes() > 0
                  ? ResultReport.fixed(step.measurement().sentP99Ms(), 2)
                  : "-",
              step.verdict().text()));
    }
    return table;
  }

  private static String errors(Map<String, Long> errors) {
    return errors.isEmpty()
        ? "0"
        : errors.entrySet().stream()
            .map(e -> e.getKey() + "=" + e.getValue())
            .collect(Collectors.joining(" "));
  }
}
