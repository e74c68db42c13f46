package dev.tfsdeploy.loadtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tfsdeploy.UserError;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Results survive the files they are written to, and a file that holds none is refused. */
class ResultFilesTest {
  private static final Instant START = Instant.parse("2026-02-03T04:05:06.789Z");

  @TempDir Path dir;

  static LoadResult result(String experiment, double rps) {
    return new LoadResult(
        experiment,
        2,
        "http://127.0.0.1:8501/v1/models/m:predict",
        "open",
        100,
        250.0,
        Instant.parse("2025-01-02T03:04:05.123Z"),
        30.012,
        7512,
        7500,
        rps,
        new LoadResult.Latency(5.1, 9.9, 50.2, 120.4, 130.0, 7.25),
        Map.of("timeout", 2L, "http_500", 10L),
        Map.of("http_500", "{\"error\": \"Internal, really\"}"),
        null);
  }

  @Test
  void jsonRoundTrips() {
    Path file = dir.resolve("results/run.json");
    LoadResult result = result("8vCPU+16GB+inter_op4", 249.9);

    ResultFiles.writeJson(file, result);

    assertThat(ResultFiles.readJson(file)).isEqualTo(result);
  }

  @Test
  void histogramsRoundTripExactly() {
    Path file = dir.resolve("worker.json");
    LoadResult result =
        ResultMergeTest.worker(new long[] {1, 250, 3_000, 3_001, 7_200_000_000L}, START, 2, 1);

    ResultFiles.writeJson(file, result);

    LoadResult read = ResultFiles.readJson(file);
    assertThat(read.histograms()).isEqualTo(result.histograms());
    assertThat(read.histograms().latency().getTotalCount()).isEqualTo(5);
    assertThat(read.latency().p99()).isEqualTo(result.latency().p99());
  }

  @Test
  void aLineIsOneLineOfTheSameResult() {
    // A mean of whole microseconds survives the file's rounding to 0.001 ms.
    LoadResult result = ResultMergeTest.worker(new long[] {900, 1_100}, START, 1, 0);

    String line = ResultFiles.line(result);

    assertThat(line).doesNotContain("\n");
    assertThat(ResultFiles.parseLine(line, "pod w-0")).isEqualTo(result);
  }

  @Test
  void histogramsThatAreNotHistogramsAreNamed() throws IOException {
    Path file = dir.resolve("bad.json");
    ResultFiles.writeJson(file, ResultMergeTest.worker(new long[] {900}, START, 1, 0));
    Files.writeString(
        file,
        Files.readString(file).replaceFirst("\"latency\" : \"[^\"]+\"", "\"latency\" : \"eA==\""));

    assertThatThrownBy(() -> ResultFiles.readJson(file))
        .isInstanceOf(UserError.class)
        .hasMessage(
            file + " is not a load-test result: its \"histograms\" are not encoded HdrHistograms");
  }

  @Test
  void csvGetsItsHeaderOnceAndARowPerRun() throws IOException {
    Path file = dir.resolve("runs.csv");

    ResultFiles.appendCsv(file, result("a,b", 100));
    ResultFiles.appendCsv(file, result(null, 200));

    assertThat(Files.readAllLines(file))
        .containsExactly(
            String.join(",", ResultFiles.CSV_COLUMNS),
            "\"a,b\",2,http://127.0.0.1:8501/v1/models/m:predict,open,100,250,2025-01-02T03:04:05.123Z,30.012,7512,7500,100,5.1,9.9,50.2,120.4,130,7.25,http_500=10"
                + " timeout=2",
            ",2,http://127.0.0.1:8501/v1/models/m:predict,open,100,250,2025-01-02T03:04:05.123Z,30.012,7512,7500,200,5.1,9.9,50.2,120.4,130,7.25,http_500=10"
                + " timeout=2");
  }

  @Test
  void refusesToAppendToACsvOfSomethingElse() throws IOException {
    Path file = dir.resolve("other.csv");
    Files.writeString(file, "name,price\nx,1\n");

    assertThatThrownBy(() -> ResultFiles.appendCsv(file, result(null, 1)))
        .isInstanceOf(UserError.class)
        .hasMessageContaining("holds other columns");
    assertThat(Files.readString(file)).isEqualTo("name,price\nx,1\n");
  }

  @Test
  void aFileThatIsNoResultIsNamed() throws IOException {
    Path notJson = dir.resolve("notes.json");
    Files.writeString(notJson, "rps was fine");
    Path otherJson = dir.resolve("package.json");
    Files.writeString(otherJson, "{\"name\": \"x\"}");

    assertThatThrownBy(() -> ResultFiles.readJson(notJson))
        .isInstanceOf(UserError.class)
        .hasMessageStartingWith(notJson + " is not a load-test result: it is not JSON");
    assertThatThrownBy(() -> ResultFiles.readJson(otherJson))
        .isInstanceOf(UserError.class)
        .hasMessage(otherJson + " is not a load-test result: it has no \"url\"");
  }

  @Test
  void anUnwritablePathLeavesNothingBehind() throws IOException {
    Path blocker = dir.resolve("file");
    Files.writeString(blocker, "x");

    assertThatThrownBy(() -> ResultFiles.writeJson(blocker.resolve("run.json"), result(null, 1)))
        .isInstanceOf(UserError.class)
        .hasMessage(
            "--json "
                + blocker.resolve("run.json")
                + " lies below "
                + blocker
                + ", which is not a directory");
    try (var entries = Files.list(dir)) {
      assertThat(entries).containsExactly(blocker);
    }
  }
}
