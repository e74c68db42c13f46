package dev.tfsdeploy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tfsdeploy.experiments.Experiments;
import dev.tfsdeploy.pricing.ExperimentCost;
import dev.tfsdeploy.pricing.PriceTable;
import dev.tfsdeploy.sizing.GkeMode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;

/**
 * One sweep of three experiments against the mock cluster, each served by a stand-in of a known
 * capacity and priced from a table (--prices) in which the one with the highest capacity is not the
 * cheapest per million requests; each test checks one thing the sweep must have produced.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExperimentsSweepTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  /**
   * Capacities (workers / service time): 10, 20 and 80 requests/s. At the prices below, 4 x
   * e2-standard-2 cost 0.04 USD/hour, 1 x e2-standard-8 0.25, 2 x e2-standard-4 4.00: per million
   * requests about 1.1, 3.5 and 13.9 USD, so the slowest one is the cheapest, the fastest the
   * dearest.
   */
  private static final String PRICES =
      """
      as-of 2026-12-01
      source https://example.test/prices
      machine us-central1 e2-standard-2 0.01
      machine us-central1 e2-standard-4 2.00
      machine us-central1 e2-standard-8 0.25
      """;

  private static final Map<String, Double> CAPACITY =
      Map.of(
          "2vCPU+4GB+inter_op2", 10.0, "8vCPU+16GB+inter_op2", 20.0, "4vCPU+8GB+inter_op2", 80.0);

  private Path dir;
  private SweepCluster cluster;
  private CommandRun run;
  private Path out;
  private Path summary;
  private static Path prices;

  @BeforeAll
  void sweep(@TempDir Path temp) throws IOException {
    dir = temp;
    cluster =
        new SweepCluster(dir)
            .experiment("2vCPU+4GB+inter_op2", 1, Duration.ofMillis(100))
            .experiment("8vCPU+16GB+inter_op2", 2, Duration.ofMillis(100))
            .experiment("4vCPU+8GB+inter_op2", 4, Duration.ofMillis(50));
    out = dir.resolve("report");
    summary = Files.createFile(dir.resolve("summary.md"));
    Path outputs = Files.createFile(dir.resolve("outputs"));
    prices = Files.writeString(dir.resolve("prices.txt"), PRICES);
    run =
        cluster.sweep(
            Map.of(
                "GITHUB_ACTIONS", "true",
                "GITHUB_STEP_SUMMARY", summary.toString(),
                "GITHUB_OUTPUT", outputs.toString()),
            "--experiments",
            "2vCPU+4GB+inter_op2,8vCPU+16GB+inter_op2,4vCPU+8GB+inter_op2",
            "--parallel",
            "2",
            "--out",
            out.toString(),
            "--prices",
            prices.toString());
  }

  @AfterAll
  void stop() {
    cluster.close();
  }

  /** The experiments cheapest per million requests at their true capacity first. */
  private static List<String> expectedRanking() {
    ExperimentCost cost = new ExperimentCost(PriceTable.read(prices));
    Experiments experiments = Experiments.in(RenderCommandTest.KUBE);
    return CAPACITY.keySet().stream()
        .sorted(
            Comparator.comparingDouble(
                name ->
                    cost.quote(experiments, name, GkeMode.STANDARD, "us-central1").usdPerHour()
                        / CAPACITY.get(name)))
        .toList();
  }

  private JsonNode sweepJson() throws IOException {
    return MAPPER.readTree(out.resolve("sweep.json").toFile());
  }

  @Test
  void everyExperimentMeetsTheSloAtACapacityWithinTheToleranceOfItsTrueOne() throws IOException {
    assertThat(run.exitCode()).as(run.stderr()).isZero();
    for (JsonNode experiment : sweepJson().get("experiments")) {
      double truth = CAPACITY.get(experiment.get("experiment").asText());
      assertThat(experiment.get("status").asText()).as(experiment.toString()).isEqualTo("met_slo");
      assertThat(experiment.get("capacity_rps").asDouble())
          .as(experiment.get("experiment").asText())
          .isBetween(truth * 0.6, truth * 1.3);
    }
  }

  @Test
  void theRankingIsByCostPerMillionRequestsAtCapacity() throws IOException {
    List<String> ranked =
        StreamSupport.stream(sweepJson().get("experiments").spliterator(), false)
            .sorted(Comparator.comparingInt(e -> e.get("rank").asInt()))
            .map(e -> e.get("experiment").asText())
            .toList();
    assertThat(ranked).isEqualTo(expectedRanking());
    for (JsonNode experiment : sweepJson().get("experiments")) {
      assertThat(experiment.get("usd_per_million_requests").asDouble())
          .isCloseTo(
              experiment.get("usd_per_hour").asDouble()
                  / (experiment.get("capacity_rps").asDouble() * 3600)
                  * 1e6,
              org.assertj.core.data.Percentage.withPercentage(0.001));
    }
  }

  @Test
  void theCheapestPerMillionIsRecommendedInOneSentence() throws IOException {
    String best = expectedRanking().get(0);
    assertThat(sweepJson().get("recommended").asText()).isEqualTo(best);
    assertThat(run.stdout())
        .containsPattern(
            "(?m)^Deploy \\Q"
                + best
                + "\\E: it holds [0-9.]+ requests/s within the p99 SLO of 300 ms at USD [0-9.]+ per"
                + " million requests, the cheapest of the 3 that met it\\.$");
    assertThat(Files.readString(dir.resolve("outputs")))
        .contains("recommended<<")
        .contains("\n" + best + "\n");
  }

  @Test
  void sweepJsonHoldsEveryStepOfEveryExperiment() throws IOException {
    JsonNode experiments = sweepJson().get("experiments");
    assertThat(experiments).hasSize(3);
    for (JsonNode experiment : experiments) {
      assertThat(experiment.get("steps").findValuesAsText("step"))
          .containsExactly("namespace", "deploy", "capacity", "cleanup");
      assertThat(experiment.get("capacity_search").get("steps").size()).isGreaterThan(2);
      assertThat(experiment.get("namespace").asText())
          .isEqualTo(SweepCluster.namespace(experiment.get("experiment").asText()));
    }
  }

  @Test
  void reportMdRanksTheExperimentsInOrderAndLinksTheChart() throws IOException {
    String report = Files.readString(out.resolve("report.md"));
    List<String> rows = report.lines().filter(line -> line.matches("\\| *[0-9]+ *\\|.*")).toList();
    List<String> expected = expectedRanking();
    assertThat(rows).hasSize(3);
    for (int i = 0; i < 3; i++) {
      assertThat(rows.get(i)).contains("| " + expected.get(i) + " ");
    }
    assertThat(report).contains("](report.svg)").contains("**Deploy " + expected.get(0) + ":");
  }

  @Test
  void reportSvgIsWellFormedWithOneSeriesPerExperiment() throws Exception {
    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    factory.setNamespaceAware(false);
    Document svg = factory.newDocumentBuilder().parse(out.resolve("report.svg").toFile());
    NodeList series =
        (NodeList)
            XPathFactory.newInstance()
                .newXPath()
                .evaluate("//g[@class='series']/@data-experiment", svg, XPathConstants.NODESET);
    NodeList bars =
        (NodeList)
            XPathFactory.newInstance()
                .newXPath()
                .evaluate("//g[@class='bar']/@data-experiment", svg, XPathConstants.NODESET);
    assertThat(series.getLength()).isEqualTo(3);
    assertThat(bars.getLength()).isEqualTo(3);
    assertThat(bars.item(0).getNodeValue()).isEqualTo(expectedRanking().get(0));
  }

  @Test
  void theJobSummaryHasTheTableAndAMermaidChart() throws IOException {
    String text = Files.readString(summary);
    assertThat(text)
        .contains("### Experiments sweep")
        .contains("```mermaid\nxychart-beta\n")
        .contains("| " + expectedRanking().get(0) + " ");
  }

  @Test
  void everyNamespaceIsDeleted() {
    assertThat(run.stderr())
        .contains("deleted namespace " + SweepCluster.namespace("4vCPU+8GB+inter_op2"));
    assertThat(cluster.sweepNamespaces()).isEmpty();
  }
}
