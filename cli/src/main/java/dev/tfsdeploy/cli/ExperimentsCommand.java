package dev.tfsdeploy.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.tfsdeploy.experiments.ExperimentSummary;
import dev.tfsdeploy.experiments.Experiments;
import dev.tfsdeploy.overlay.Kustomization;
import dev.tfsdeploy.overlay.RenderOptions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code tfs-deploy experiments}: the experiment overlays, summarized from what they render. */
@Command(
    name = "experiments",
    header = "List the experiments and what each one sets.",
    sortOptions = false,
    subcommands = {
      ExperimentsNewCommand.class,
      ExperimentsCompareCommand.class,
      ExperimentsSweepCommand.class
    },
    description = {
      "List the experiments (KUBE_DIR/experiments/*) with what each renders: replicas, the",
      "machine type its node selector names, CPU, memory (per pod), TF Serving inter-op and",
      "intra-op threads, and batching parameters."
    })
final class ExperimentsCommand extends StepCommand {
  @Mixin KubeDirOption kubeDir;

  @Option(names = "--json", description = "Print a JSON array instead of a table.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    Experiments experiments = kubeDir.experiments();
    List<ExperimentSummary> summaries = new ArrayList<>();
    for (String name : experiments.names()) {
      summaries.add(
          ExperimentSummary.of(
              name, Kustomization.load(experiments.directory(name)).render(RenderOptions.DEFAULT)));
    }
    if (json) {
      List<Map<String, Object>> rows = new ArrayList<>();
      for (ExperimentSummary s : summaries) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("name", s.name());
        row.put("replicas", s.replicas());
        row.put("machineType", s.machineType());
        row.put("cpu", s.cpu());
        row.put("memory", s.memory());
        row.put("interOp", s.interOp());
        row.put("intraOp", s.intraOp());
        row.put("batching", s.batching());
        rows.add(row);
      }
      console()
          .result(
              new ObjectMapper()
                  .enable(SerializationFeature.INDENT_OUTPUT)
                  .writeValueAsString(rows));
      return ExitCode.OK;
    }
    List<List<String>> table = new ArrayList<>();
    table.add(
        List.of(
            "NAME", "REPLICAS", "MACHINE", "CPU", "MEMORY", "INTER-OP", "INTRA-OP", "BATCHING"));
    for (ExperimentSummary s : summaries) {
      table.add(
          List.of(
              s.name(),
              String.valueOf(s.replicas()),
              s.machineType(),
              s.cpu(),
              s.memory(),
              text(s.interOp()),
              text(s.intraOp()),
              s.batching() == null
                  ? "no"
                  : s.batching().entrySet().stream()
                      .map(e -> e.getKey() + "=" + e.getValue())
                      .collect(Collectors.joining(","))));
    }
    int[] widths = new int[table.get(0).size()];
    for (List<String> row : table) {
      for (int i = 0; i < row.size(); i++) {
        widths[i] = Math.max(widths[i], row.get(i).length());
      }
    }
    StringBuilder out = new StringBuilder();
    for (List<String> row : table) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < row.size(); i++) {
        line.append(
            i == row.size() - 1
                ? row.get(i)
                : String.format("%-" + (widths[i] + 2) + "s", row.get(i)));
      }
      out.append(line.toString().stripTrailing()).append('\n');
    }
    console().result(out.toString().stripTrailing());
    return ExitCode.OK;
  }

  private static String text(Integer value) {
    return value == null ? "-" : value.toString();
  }
}
