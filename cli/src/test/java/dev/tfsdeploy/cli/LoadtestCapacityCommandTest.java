package dev.tfsdeploy.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tfsdeploy.loadtest.FifoWorkers;
import dev.tfsdeploy.loadtest.PredictServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code loadtest --find-capacity} end to end against a simulated TF Serving of known capacity. */
class LoadtestCapacityCommandTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  @TempDir Path dir;

  private List<String> args(PredictServer server, String... more) throws IOException {
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
                request.toString(),
                "--find-capacity",
                "--step-duration",
                "1500ms",
                "--warmup",
                "1s",
                "--timeout",
                "3s",
                "--threads",
                "2"));
    args.addAll(List.of(more));
    return args;
  }

  @Test
  void printsEveryStepAndTheCapacityAsJsonAndWritesTheSameFile() throws IOException {
    FifoWorkers fifo = new FifoWorkers(4, Duration.ofMillis(20));
    try (PredictServer server = new PredictServer("half_plus_two").queueing(fifo)) {
      Path json = dir.resolve("results/capacity.json");
      CommandRun run =
          CommandRun.of(
              args(server, "--slo-p99", "170ms", "--start-rate", "60", "--json", json.toString())
                  .toArray(String[]::new));

      assertThat(run.exitCode()).as(run.stderr()).isZero();
      JsonNode result = MAPPER.readTree(run.stdout());
      assertThat(result.get("capacity_rps").asDouble()).isCloseTo(200, within(20.0));
      assertThat(result.get("p99_ms").asDouble()).isPositive().isLessThanOrEqualTo(170);
      assertThat(result.get("limit").asText()).isEqualTo("slo_p99");
      JsonNode first = result.get("steps").get(0);
      assertThat(first.get("rate").asDouble()).isEqualTo(60);
      assertThat(first.get("requestsPerSecond").asDouble()).isPositive();
      assertThat(first.get("latencyMs").fieldNames())
          .toIterable()
          .contains("p50", "p90", "p99", "max");
      assertThat(first.get("errors").isObject()).isTrue();
      assertThat(first.get("verdict").asText()).isEqualTo("holds");
      assertThat(MAPPER.readTree(json.toFile())).isEqualTo(result);
      assertThat(run.stderr())
          .contains("STEP", "VERDICT", "capacity: ")
          .contains("step at 60.0 requests/s");
    }
  }

  @Test
  void aSearchThatReachesItsRateCeilingExitsThreeWithNoCapacity() throws IOException {
    FifoWorkers fifo = new FifoWorkers(16, Duration.ofMillis(2));
    try (PredictServer server = new PredictServer("half_plus_two").queueing(fifo)) {
      CommandRun run =
          CommandRun.of(
              args(server, "--slo-p99", "200ms", "--start-rate", "40", "--max-rate", "80")
                  .toArray(String[]::new));

      assertThat(run.exitCode()).isEqualTo(ExitCode.NO_CAPACITY);
      JsonNode result = MAPPER.readTree(run.stdout());
      assertThat(result.get("capacity_rps").isNull()).isTrue();
      assertThat(result.get("limit").asText()).isEqualTo("max_rate");
      assertThat(result.get("highest_holding_rps").asDouble()).isEqualTo(80);
      assertThat(run.stderr()).contains("no capacity: every rate up to --max-rate held");
    }
  }

  @Test
  void aSearchWithoutAnSloIsOneLineSayingToPassIt() throws IOException {
    try (PredictServer server = new PredictServer("half_plus_two")) {
      CommandRun run = CommandRun.of(args(server).toArray(String[]::new));

      assertThat(run.exitCode()).isEqualTo(1);
      assertThat(run.stdout()).isEmpty();
      assertThat(run.stderr().strip().lines())
          .containsExactly(
              "error: --find-capacity needs a latency objective — pass --slo-p99, e.g. --slo-p99"
                  + " 100ms");
    }
  }

  @Test
  void aFixedRateWithTheSearchIsRefusedNamingWhatToUseInstead() throws IOException {
    try (PredictServer server = new PredictServer("half_plus_two")) {
      CommandRun run =
          CommandRun.of(args(server, "--slo-p99", "50ms", "--rate", "100").toArray(String[]::new));

      assertThat(run.exitCode()).isEqualTo(1);
      assertThat(run.stderr()).contains("--find-capacity chooses the rates and durations itself");
      assertThat(server.predictions()).isZero();
    }
  }

  @Test
  void aToleranceOutsideZeroToOneIsOneLine() throws IOException {
    try (PredictServer server = new PredictServer("half_plus_two")) {
      CommandRun run =
          CommandRun.of(
              args(server, "--slo-p99", "50ms", "--tolerance", "1.5").toArray(String[]::new));

      assertThat(run.exitCode()).isEqualTo(1);
      assertThat(run.stderr().strip().lines())
          .singleElement()
          .asString()
          .contains("--tolerance 1.5 is not a share of the capacity");
    }
  }
}
