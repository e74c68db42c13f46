package dev.tfsdeploy.cli;

import dev.tfsdeploy.actions.Console;
import dev.tfsdeploy.actions.StepOutputs;
import dev.tfsdeploy.loadtest.LoadResult;
import dev.tfsdeploy.loadtest.ResultFiles;
import dev.tfsdeploy.loadtest.ResultReport;
import dev.tfsdeploy.loadtest.WorkerResult;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * How a load-test result leaves the CLI, whether one process measured it or workers did: the table
 * on stderr (then one line per worker), {@code --json} and {@code --csv} files, the job summary and
 * outputs, and the JSON on stdout; a run in which nothing succeeded fails after all of that.
 *
 * @param jsonFile where --json writes the result, or null
 * @param csvFile where --csv appends it, or null
 * @param worker a worker's run: stdout is the result as one line (the last line of its log), and a
 *     run in which nothing succeeded still exits 0, since the merged result is what is judged
 */
record LoadResultOutput(Path jsonFile, Path csvFile, boolean worker) {

  int report(Console console, StepOutputs outputs, LoadResult result, List<WorkerResult> workers) {
    console.info(ResultReport.text(result).stripTrailing());
    if (!workers.isEmpty()) {
      console.info(ResultReport.workers(workers).stripTrailing());
    }
    if (jsonFile != null) {
      ResultFiles.writeJson(jsonFile, result);
    }
    if (csvFile != null) {
      ResultFiles.appendCsv(csvFile, result);
    }
    outputs.summary(
        workers.isEmpty() ? ResultReport.markdown(result) : ResultReport.markdown(result, workers));
    outputs.set(
        "requests-per-second", String.format(Locale.ROOT, "%.3f", result.requestsPerSecond()));
    outputs.set("p99-ms", String.valueOf(result.latency().p99()));
    console.result(worker ? ResultFiles.line(result) : ResultFiles.json(result));
    if (result.successes() == 0 && !worker) {
      throw ResultReport.noSuccess(result);
    }
    return ExitCode.OK;
  }
}
