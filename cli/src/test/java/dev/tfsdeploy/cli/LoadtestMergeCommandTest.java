package dev.tfsdeploy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tfsdeploy.loadtest.LoadResult;
import dev.tfsdeploy.loadtest.PredictServer;
import dev.tfsdeploy.loadtest.ResultFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code loadtest merge}: local runs' result files merged into one run's result. */
class LoadtestMergeCommandTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  @TempDir Path dir;
  private final PredictServer server = new PredictServer("half_plus_two");

  @AfterEach
  void stop() {
    server.close();
  }

  /** One worker's run against a server that answers in {@code millis}, its result in a file. */
  private Path localRun(String name, long millis, int requests) throws IOException {
    Path request = dir.resolve("request.json");
    Files.writeString(request, "{\"instances\": [[1.0]]}");
    Path result = dir.resolve(name + ".json");
    server.latency(i -> millis);
    CommandRun run =
        CommandRun.of(
            "loadtest",
            "--url",
            server.url(),
            "--model-name",
            "half_plus_two",
            "--request",
            request.toString(),
            "--concurrency",
            "2",
            "--requests",
            String.valueOf(requests),
            "--json",
            result.toString());
    assertThat(run.exitCode()).as(run.stderr()).isZero();
    return result;
  }

  @Test
  void mergesCountsAndPercentilesOfAllRecordedLatencies() throws IOException {
    List<Path> files =
        List.of(localRun("fast", 2, 120), localRun("slow", 30, 40), localRun("mid", 10, 60));

    CommandRun merge =
        CommandRun.of(
            "loadtest",
            "merge",
            files.get(0).toString(),
            files.get(1).toString(),
            files.get(2).toString());

    assertThat(merge.exitCode()).as(merge.stderr()).isZero();
    JsonNode merged = MAPPER.readTree(merge.stdout());
    assertThat(merged.get("requests").asLong()).isEqualTo(220);
    assertThat(merged.get("successes").asLong()).isEqualTo(220);
    assertThat(merged.get("concurrency").asInt()).isEqualTo(6);
    // One histogram fed every latency each worker recorded.
    Histogram all = new Histogram(TimeUnit.HOURS.toMicros(2), 3);
    for (Path file : files) {
      for (HistogramIterationValue value :
          ResultFiles.readJson(file).histograms().latency().recordedValues()) {
        all.recordValueWithCount(value.getValueIteratedTo(), value.getCountAtValueIteratedTo());
      }
    }
    assertThat(all.getTotalCount()).isEqualTo(220);
    JsonNode latency = merged.get("latencyMs");
    assertThat(latency.get("p50").asDouble()).isEqualTo(all.getValueAtPercentile(50) / 1000.0);
    assertThat(latency.get("p90").asDouble()).isEqualTo(all.getValueAtPercentile(90) / 1000.0);
    assertThat(latency.get("p99").asDouble()).isEqualTo(all.getValueAtPercentile(99) / 1000.0);
    assertThat(latency.get("max").asDouble()).isEqualTo(all.getMaxValue() / 1000.0);
    // 40 of the 220 requests took at least 30 ms: more than the slowest tenth.
    assertThat(latency.get("p90").asDouble()).isGreaterThanOrEqualTo(30);
    assertThat(merge.stderr())
        .containsPattern("requests +220 in [0-9.]+ s, 0 failed")
        .containsPattern(
            "worker +load +requests +failed +requests/s +p50 +p99\n"
                + ".*fast.json +closed loop, 2 connections +120 +0 ");
  }

  @Test
  void writesTheMergedResultForExperimentsCompare() throws IOException {
    Path a = localRun("a", 1, 30);
    Path b = localRun("b", 1, 20);
    Path merged = dir.resolve("merged.json");

    CommandRun merge =
        CommandRun.of("loadtest", "merge", a.toString(), b.toString(), "--json", merged.toString());

    assertThat(merge.exitCode()).isZero();
    LoadResult written = ResultFiles.readJson(merged);
    assertThat(written.requests()).isEqualTo(50);
    assertThat(written.histograms().latency().getTotalCount()).isEqualTo(50);
  }

  @Test
  void aResultWithoutHistogramsIsAOneLineError() throws IOException {
    Path a = localRun("a", 1, 10);
    Path old = dir.resolve("old.json");
    JsonNode node = MAPPER.readTree(a.toFile());
    ((com.fasterxml.jackson.databind.node.ObjectNode) node).remove("histograms");
    Files.writeString(old, node.toString());

    CommandRun merge = CommandRun.of("loadtest", "merge", a.toString(), old.toString());

    assertThat(merge.exitCode()).isEqualTo(ExitCode.FAILURE);
    assertThat(merge.stderr())
        .startsWith(
            "error: result "
                + old
                + " carries no latency histograms, so it cannot be merged —"
                + " rerun that worker");
    assertThat(merge.stderr()).doesNotContain("Exception");
  }
}
