package dev.tfsdeploy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tfsdeploy.loadtest.LoadResult;
import dev.tfsdeploy.loadtest.PredictServer;
import dev.tfsdeploy.loadtest.ResultFiles;
import dev.tfsdeploy.loadtest.ResultMerge;
import dev.tfsdeploy.loadtest.WorkerResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code loadtest --workers N}: one worker's share of a load, started at the agreed instant. */
class LoadtestWorkerTest {
  @TempDir Path dir;
  private final PredictServer server = new PredictServer("half_plus_two");

  @AfterEach
  void stop() {
    server.close();
  }

  private List<String> worker(Map<String, String> env, String... extra) throws IOException {
    Path request = dir.resolve("request.json");
    Files.writeString(request, "{\"instances\": [[1.0]]}");
    List<String> args =
        new ArrayList<>(
            List.of(
                "loadtest",
                "--url",
                server.url(),
                "--model-name",
                "half_plus_two",
                "--request",
                request.toString()));
    args.addAll(List.of(extra));
    CommandRun run = CommandRun.of(env, args.toArray(String[]::new));
    return List.of(String.valueOf(run.exitCode()), run.stdout(), run.stderr());
  }

  /** The last line of a worker's stdout: its whole result. */
  private static LoadResult lastLine(List<String> run) {
    List<String> lines = run.get(1).lines().toList();
    return ResultFiles.parseLine(lines.get(lines.size() - 1), "worker");
  }

  @Test
  void workersStartTogetherAndTheirSharesMergeIntoTheWholeLoad() throws Exception {
    Instant startAt =
        Instant.now().plusSeconds(3).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    List<CompletableFuture<List<String>>> runs = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      String index = String.valueOf(i);
      runs.add(
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  return worker(
                      Map.of(),
                      "--workers",
                      "2",
                      "--worker-index",
                      index,
                      "--start-at",
                      String.valueOf(startAt.getEpochSecond()),
                      "--rate",
                      "100",
                      "--concurrency",
                      "4",
                      "--requests",
                      "41");
                } catch (IOException e) {
                  throw new java.io.UncheckedIOException(e);
                }
              }));
    }
    List<WorkerResult> results = new ArrayList<>();
    for (int i = 0; i < runs.size(); i++) {
      List<String> run = runs.get(i).get();
      assertThat(run.get(0)).as(run.get(2)).isEqualTo("0");
      assertThat(run.get(2)).contains("worker " + i + " of 2: starting at " + startAt);
      results.add(new WorkerResult(String.valueOf(i), lastLine(run)));
    }

    assertThat(results.get(0).result().requests()).isEqualTo(21);
    assertThat(results.get(1).result().requests()).isEqualTo(20);
    assertThat(results).allSatisfy(r -> assertThat(r.result().rate()).isEqualTo(50.0));
    // Each began measuring at the agreed instant, not when it was started.
    assertThat(results)
        .allSatisfy(
            r ->
                assertThat(Duration.between(startAt, r.result().started()).abs())
                    .isLessThan(Duration.ofMillis(500)));
    LoadResult merged = ResultMerge.merge(results);
    assertThat(merged.requests()).isEqualTo(41);
    assertThat(merged.rate()).isEqualTo(100.0);
    assertThat(merged.concurrency()).isEqualTo(4);
  }

  @Test
  void theIndexComesFromTheIndexedJobsVariable() throws IOException {
    List<String> run =
        worker(
            Map.of("JOB_COMPLETION_INDEX", "1"),
            "--workers",
            "3",
            "--concurrency",
            "4",
            "--requests",
            "10");

    assertThat(run.get(0)).as(run.get(2)).isEqualTo("0");
    LoadResult result = lastLine(run);
    assertThat(result.concurrency()).isEqualTo(1);
    assertThat(result.requests()).isEqualTo(3);
    assertThat(result.histograms().latency().getTotalCount()).isEqualTo(3);
  }

  @Test
  void aWorkerStartedLongAfterTheOthersFails() throws IOException {
    List<String> run =
        worker(
            Map.of(),
            "--workers",
            "2",
            "--worker-index",
            "0",
            "--start-at",
            "2026-01-01T00:00:00Z",
            "--requests",
            "10");

    assertThat(run.get(0)).isEqualTo("1");
    assertThat(run.get(2))
        .containsPattern(
            "error: this worker started [0-9]+ ms after --start-at 2026-01-01T00:00:00Z, later"
                + " than the 1000 ms a worker may —");
  }

  @Test
  void aWorkerIndexWithoutWorkersIsRefused() throws IOException {
    List<String> run = worker(Map.of(), "--worker-index", "0", "--requests", "10");

    assertThat(run.get(0)).isEqualTo("1");
    assertThat(run.get(2)).startsWith("error: --worker-index is for a worker — add --workers N");
  }

  @Test
  void aStartAtThatIsNoInstantIsAUsageError() throws IOException {
    List<String> run = worker(Map.of(), "--workers", "2", "--start-at", "soon");

    assertThat(run.get(0)).isEqualTo("2");
    assertThat(run.get(2)).contains("'soon' is not an instant");
  }
}
