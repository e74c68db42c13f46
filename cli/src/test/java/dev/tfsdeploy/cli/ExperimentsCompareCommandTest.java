package dev.tfsdeploy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tfsdeploy.loadtest.LoadResult;
import dev.tfsdeploy.loadtest.ResultFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExperimentsCompareCommandTest {
  @TempDir Path dir;

  private Path result(String file, String experiment, int replicas, double rps) {
    Path path = dir.resolve(file);
    ResultFiles.writeJson(
        path,
        new LoadResult(
            experiment,
            replicas,
            "http://127.0.0.1:8501/v1/models/m:predict",
            "closed",
            16,
            null,
            Instant.parse("2025-03-01T10:00:00Z"),
            60,
            (long) (rps * 60),
            (long) (rps * 60),
            rps,
            new LoadResult.Latency(12.5, 20, 41.25, 80, 95.5, 14),
            Map.of(),
            Map.of(),
            null));
    return path;
  }

  @Test
  void putsRunsSideBySideWithTheirCostPerMillionRequests() {
    Path a = result("a.json", "4vCPU+8GB+inter_op4", 2, 500);
    Path b = result("b.json", "8vCPU+16GB+inter_op4", 1, 400);

    CommandRun run =
        CommandRun.of(
            "experiments",
            "compare",
            a.toString(),
            b.toString(),
            "--price-per-hour",
            "4vCPU+8GB+inter_op4=0.72",
            "--price-per-hour",
            "8vCPU+16GB+inter_op4=$0.36");

    assertThat(run.exitCode()).as(run.stderr()).isZero();
    assertThat(run.stdout().lines())
        .containsExactly(
            "RUN                   REPLICAS  LOAD       REQ/S  P50 MS  P90 MS  P99 MS  P99.9 MS "
                + " MAX MS  FAILED  USD/HOUR  USD/1M REQ",
            // 0.72 / (500 * 3600) * 1e6 = 0.40; 0.36 / (400 * 3600) * 1e6 = 0.25
            "4vCPU+8GB+inter_op4          2  closed 16  500.0   12.50   20.00   41.25     80.00  "
                + " 95.50       0      0.72       0.400",
            "8vCPU+16GB+inter_op4         1  closed 16  400.0   12.50   20.00   41.25     80.00  "
                + " 95.50       0      0.36       0.250");
  }

  @Test
  void printsJsonAndWritesTheJobSummary() throws IOException {
    Path summary = dir.resolve("summary.md");
    Path a = result("baseline.json", null, 1, 100);

    CommandRun run =
        CommandRun.of(
            Map.of("GITHUB_ACTIONS", "true", "GITHUB_STEP_SUMMARY", summary.toString()),
            "experiments",
            "compare",
            a.toString(),
            "--json",
            "--price-per-hour",
            "baseline=3.6");

    assertThat(run.exitCode()).as(run.stderr()).isZero();
    JsonNode rows = new ObjectMapper().readTree(run.stdout());
    assertThat(rows).hasSize(1);
    assertThat(rows.get(0).get("label").asText()).isEqualTo("baseline");
    assertThat(rows.get(0).get("costPerMillionRequests").asDouble()).isEqualTo(10.0);
    assertThat(Files.readString(summary))
        .startsWith("### Load-test comparison")
        .contains("| baseline | 1 | closed 16 | 100.0 |");
  }

  @Test
  void refusesBadPricesAndFiles() throws IOException {
    Path a = result("a.json", "x", 1, 100);
    Path notes = dir.resolve("notes.json");
    Files.writeString(notes, "[]");

    assertThat(CommandRun.of("experiments", "compare", a.toString(), "--price-per-hour", "x=cheap"))
        .satisfies(run -> assertThat(run.exitCode()).isEqualTo(1))
        .satisfies(
            run ->
                assertThat(run.stderr())
                    .contains("error: --price-per-hour x=cheap is not a price"));
    assertThat(
            CommandRun.of("experiments", "compare", a.toString(), "--price-per-hour", "x")
                .exitCode())
        .isEqualTo(2);
    assertThat(CommandRun.of("experiments", "compare", a.toString(), notes.toString()))
        .satisfies(run -> assertThat(run.exitCode()).isEqualTo(1))
        .satisfies(
            run ->
                assertThat(run.stderr())
                    .contains(
                        "error: " + notes + " is not a load-test result: it is not a JSON object"));
    assertThat(CommandRun.of("experiments", "compare", dir.resolve("missing.json").toString()))
        .satisfies(run -> assertThat(run.exitCode()).isEqualTo(1))
        .satisfies(
            run ->
                assertThat(run.stderr())
                    .contains("error: no result file " + dir.resolve("missing.json")));
    assertThat(CommandRun.of("experiments", "compare"))
        .satisfies(run -> assertThat(run.exitCode()).isEqualTo(1))
        .satisfies(run -> assertThat(run.stderr()).contains("error: no results to compare"));
  }

  private static final String KUBE_DIR =
      Path.of(System.getProperty("tfsdeploy.projectRoot", ".."), ".kube").toString();

  @Test
  void withoutAPriceARunOfAShippedExperimentIsPricedFromTheShippedTable() {
    Path a = result("a.json", "2vCPU+4GB+inter_op2", 4, 500);

    CommandRun run =
        CommandRun.of("experiments", "compare", a.toString(), "--kube-dir", KUBE_DIR, "--json");

    assertThat(run.exitCode()).as(run.stderr()).isZero();
    assertThat(run.stdout())
        // 4 e2-standard-2 nodes at $0.067006; 0.268024 / (500 * 3600) * 1e6 = 0.1489.
        .contains("\"pricePerHour\" : 0.268024")
        .contains("\"priceBasis\" : \"4 x e2-standard-2\"")
        .contains("\"costPerMillionRequests\" : 0.14890");
    assertThat(run.stderr())
        .contains(
            "prices: GKE standard in us-central1, from the shipped prices (as of 2026-09-25,"
                + " https://cloud.google.com/compute/vm-instance-pricing");
  }

  @Test
  void aGivenPriceWinsOverTheTable() {
    Path a = result("a.json", "2vCPU+4GB+inter_op2", 4, 500);

    CommandRun run =
        CommandRun.of(
            "experiments",
            "compare",
            a.toString(),
            "--kube-dir",
            KUBE_DIR,
            "--json",
            "--price-per-hour",
            "2vCPU+4GB+inter_op2=1.8");

    assertThat(run.exitCode()).as(run.stderr()).isZero();
    assertThat(run.stdout())
        .contains("\"pricePerHour\" : 1.8")
        .contains("\"priceBasis\" : \"--price-per-hour\"");
    assertThat(run.stderr()).doesNotContain("prices: GKE");
  }

  @Test
  void aPricesFileReplacesTheShippedTableForAutopilotInItsRegion() throws IOException {
    Path a = result("a.json", "8vCPU+16GB+inter_op4", 1, 400);
    Path prices =
        Files.writeString(
            dir.resolve("prices.txt"),
            "as-of 2026-11-01\nsource https://example.com/rates\n"
                + "autopilot europe-west4 0.05 0.005\n");

    CommandRun run =
        CommandRun.of(
            "experiments",
            "compare",
            a.toString(),
            "--kube-dir",
            KUBE_DIR,
            "--prices",
            prices.toString(),
            "--gke-mode",
            "autopilot",
            "--region",
            "europe-west4-a");

    assertThat(run.exitCode()).as(run.stderr()).isZero();
    // 7.5 vCPU x $0.05 + 16 GiB x $0.005 = $0.455; / (400 * 3600) * 1e6 = 0.316.
    assertThat(run.stdout().lines().skip(1).findFirst().orElseThrow()).endsWith("0.46       0.316");
    assertThat(run.stderr())
        .contains(
            "prices: GKE autopilot in europe-west4, from "
                + prices
                + " (as of 2026-11-01, https://example.com/rates)");
  }

  @Test
  void aBadPricesFileIsAOneLineErrorNamingTheFileAndLine() throws IOException {
    Path a = result("a.json", "8vCPU+16GB+inter_op4", 1, 400);
    Path prices =
        Files.writeString(
            dir.resolve("prices.txt"), "as-of 2026-11-01\nsource s\nmachine us-central1 e2\n");

    CommandRun run =
        CommandRun.of("experiments", "compare", a.toString(), "--prices", prices.toString());

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.stderr().lines().filter(l -> l.startsWith("error: ")))
        .containsExactly(
            "error: "
                + prices
                + " line 3: 'machine' takes 3 value(s), this line has 2 — write `machine REGION"
                + " MACHINE_TYPE USD`, `custom REGION FAMILY USD_VCPU USD_GIB`, `autopilot REGION"
                + " USD_VCPU USD_GIB`, `as-of YYYY-MM-DD` or `source URL`"
                + " (docs/experiments.md#prices)");
  }

  @Test
  void aRegionTheTableLacksLeavesTheRunUnpricedAndSaysWhy() {
    Path a = result("a.json", "2vCPU+4GB+inter_op2", 4, 500);

    CommandRun run =
        CommandRun.of(
            "experiments",
            "compare",
            a.toString(),
            "--kube-dir",
            KUBE_DIR,
            "--region",
            "asia-east1");

    assertThat(run.exitCode()).as(run.stderr()).isZero();
    assertThat(run.stderr())
        .contains(
            "no price for 2vCPU+4GB+inter_op2: the shipped prices has no price for e2-standard-2"
                + " in asia-east1");
  }
}
