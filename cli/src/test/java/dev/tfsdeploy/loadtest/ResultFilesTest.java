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
        Map.of("http_500", "{\"error\": \"Internal, really\"}"));
  }

  @Test
  void jsonRoundTrips() {
    Path file = dir.resolve("results/run.json");
    LoadResult result = result("8vCPU+16GB+inter_op4", 249.9);

    ResultFiles.writeJson(file, result);

    assertThat(ResultFiles.readJson(file)).isEqualTo(result);
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
