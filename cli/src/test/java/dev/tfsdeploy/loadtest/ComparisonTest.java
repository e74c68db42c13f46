package dev.tfsdeploy.loadtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.tfsdeploy.UserError;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs side by side, with what a million successful requests cost on each. */
class ComparisonTest {
  @TempDir Path dir;

  private Path write(String file, LoadResult result) {
    Path path = dir.resolve(file);
    ResultFiles.writeJson(path, result);
    return path;
  }

  @Test
  void costPerMillionIsThePricePerHourOverTheRequestsInAnHour() {
    Path small = write("small.json", ResultFilesTest.result("4vCPU+8GB+inter_op4", 250));
    Path large = write("large.json", ResultFilesTest.result("8vCPU+16GB+inter_op4", 1000));

    Comparison comparison =
        Comparison.of(
            List.of(small, large),
            Map.of("4vCPU+8GB+inter_op4", 0.36, "8vCPU+16GB+inter_op4", 0.90));

    // 0.36 USD/h over 250 req/s * 3600 s = 900,000 requests per hour: 0.40 USD per million.
    assertThat(comparison.rows().get(0).costPerMillion()).isCloseTo(0.40, within(1e-9));
    // 0.90 USD/h over 3,600,000 requests per hour: 0.25 USD per million.
    assertThat(comparison.rows().get(1).costPerMillion()).isCloseTo(0.25, within(1e-9));
  }

  @Test
  void printsTheRunsSideBySide() {
    Path a = write("a.json", ResultFilesTest.result("4vCPU+8GB+inter_op4", 250));
    Path b = write("baseline.json", ResultFilesTest.result(null, 125.5));

    String text = Comparison.of(List.of(a, b), Map.of("4vCPU+8GB+inter_op4", 0.36)).text();

    assertThat(text.lines())
        .containsExactly(
            "RUN                  REPLICAS  LOAD        REQ/S  P50 MS  P90 MS  P99 MS  P99.9 MS "
                + " MAX MS     FAILED  USD/HOUR  USD/1M REQ",
            "4vCPU+8GB+inter_op4         2  open 250/s  250.0    5.10    9.90   50.20       120    "
                + " 130  12 (0.2%)      0.36       0.400",
            "baseline                    2  open 250/s  125.5    5.10    9.90   50.20       120    "
                + " 130  12 (0.2%)         -           -");
  }

  @Test
  void theJobSummaryIsAMarkdownTable() {
    Path a = write("a.json", ResultFilesTest.result("x|y", 250));

    String markdown = Comparison.of(List.of(a), Map.of()).markdown();

    assertThat(markdown.lines())
        .contains(
            "| RUN | REPLICAS | LOAD | REQ/S | P50 MS | P90 MS | P99 MS | P99.9 MS | MAX MS |"
                + " FAILED | USD/HOUR | USD/1M REQ |",
            "| --- | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
            "| x\\|y | 2 | open 250/s | 250.0 | 5.10 | 9.90 | 50.20 | 120 | 130 | 12 (0.2%) | - | -"
                + " |");
  }

  @Test
  void aPriceForNoRunIsRefused() {
    Path a = write("a.json", ResultFilesTest.result("4vCPU+8GB+inter_op4", 250));

    assertThatThrownBy(() -> Comparison.of(List.of(a), Map.of("4vCPU+8GB+inter_op8", 0.36)))
        .isInstanceOf(UserError.class)
        .hasMessage("--price-per-hour names 4vCPU+8GB+inter_op8, which no result is for")
        .satisfies(
            e -> assertThat(((UserError) e).fix()).isEqualTo("name one of: 4vCPU+8GB+inter_op4"));
  }

  @Test
  void aRunWithoutSuccessesHasNoCostAndNoLatencies() {
    LoadResult failed = ResultFilesTest.result("x", 0);
    Path a =
        write(
            "a.json",
            new LoadResult(
                "x",
                1,
                failed.url(),
                "closed",
                8,
                null,
                failed.started(),
                1,
                700,
                0,
                0,
                new LoadResult.Latency(0, 0, 0, 0, 0, 0),
                Map.of("connect", 700L),
                Map.of(),
                null));

    Comparison comparison = Comparison.of(List.of(a), Map.of("x", 1.0));

    assertThat(comparison.rows().get(0).costPerMillion()).isNull();
    assertThat(comparison.text().lines().skip(1))
        .containsExactly(
            "x           1  closed 8    0.0       -       -       -         -       -  700 (100.0%)"
                + "      1.00           -");
  }
}
