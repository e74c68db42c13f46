package dev.tfsdeploy.cli;

import dev.tfsdeploy.loadtest.LoadResult;
import dev.tfsdeploy.loadtest.ResultFiles;
import dev.tfsdeploy.loadtest.ResultMerge;
import dev.tfsdeploy.loadtest.WorkerResult;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code tfs-deploy loadtest merge}: several workers' results as one, exactly. */
@Command(
    name = "merge",
    header = "Merge load-test results of several workers into one, exactly.",
    sortOptions = false,
    usageHelpAutoWidth = true,
    description = {
      "Merge the results of load workers that ran at the same time (files",
      "`tfs-deploy loadtest --json` wrote, e.g. on several machines) into the",
      "result of the whole load: counts and errors add up, and the latency",
      "percentiles are those of all requests together (their HdrHistograms are",
      "added), not an average of percentiles. stdout is the merged result (JSON);",
      "stderr shows it as a table, then one line per worker."
    },
    footerHeading = "%n",
    footer = {"Exit 1 when no request succeeded (the result is still printed and written)."})
final class LoadtestMergeCommand extends StepCommand {
  @Parameters(
      paramLabel = "RESULT",
      arity = "1..*",
      description = "Result files of one run's workers, e.g. results/worker-*.json.")
  List<Path> files;

  @Option(
      names = "--json",
      paramLabel = "FILE",
      description = "Also write the merged result as JSON (for `experiments compare`).")
  Path jsonFile;

  @Option(
      names = "--csv",
      paramLabel = "FILE",
      description = "Append the merged result as a CSV row (header when the file is new).")
  Path csvFile;

  @Override
  public Integer call() {
    List<WorkerResult> workers =
        files.stream()
            .map(file -> new WorkerResult(file.toString(), ResultFiles.readJson(file)))
            .toList();
    LoadResult merged = ResultMerge.merge(workers);
    return new LoadResultOutput(jsonFile, csvFile, false)
        .report(console(), outputs(), merged, workers);
  }
}
