package dev.tfsdeploy.pricing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.tfsdeploy.experiments.ExperimentOverlaysTest;
import dev.tfsdeploy.experiments.Experiments;
import dev.tfsdeploy.sizing.GkeMode;
import dev.tfsdeploy.sizing.MachineType;
import dev.tfsdeploy.sizing.PodResources;
import dev.tfsdeploy.sizing.Workload;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The shipped experiments' hourly prices, from the shipped table. */
class ExperimentCostTest {
  private final ExperimentCost cost = new ExperimentCost(PriceTable.shipped());
  private final Experiments experiments = new Experiments(ExperimentOverlaysTest.kubeDir());

  private ExperimentCost.Quote quote(String experiment, GkeMode mode) {
    return cost.quote(experiments, experiment, mode, "us-central1");
  }

  @Test
  void onStandardAnExperimentCostsItsNodes() {
    ExperimentCost.Quote quote = quote("2vCPU+4GB+inter_op2", GkeMode.STANDARD);

    assertThat(quote.basis()).isEqualTo("4 x e2-standard-2");
    assertThat(quote.usdPerHour()).isCloseTo(4 * 0.067006, within(1e-9));
  }

  @Test
  void theHighMemoryExperimentsRunOnOneE2Highmem8() {
    ExperimentCost.Quote quote = quote("8vCPU+64GB+inter_op4_w_batch", GkeMode.STANDARD);

    assertThat(quote.basis()).isEqualTo("1 x e2-highmem-8");
    assertThat(quote.usdPerHour()).isCloseTo(0.36156, within(1e-9));
  }

  @Test
  void onAutopilotAnExperimentCostsItsPodsAsAutopilotBillsThem() {
    // 8.75 vCPU (raised from 7.5 for 56 GiB) x $0.0445 + 56 GiB x $0.0049225.
    ExperimentCost.Quote quote = quote("8vCPU+64GB+inter_op2", GkeMode.AUTOPILOT);

    assertThat(quote.basis()).isEqualTo("1 Autopilot pod(s) x 8.75 vCPU and 56Gi");
    assertThat(quote.usdPerHour()).isCloseTo(8.75 * 0.0445 + 56 * 0.0049225, within(1e-9));
  }

  @Test
  void everyShippedExperimentHasAPriceInEveryModeAndShippedRegion() {
    List<String> unpriced = new ArrayList<>();
    for (String name : experiments.names()) {
      for (GkeMode mode : GkeMode.values()) {
        for (String region : List.of("us-central1", "us-east1", "us-west1")) {
          double usd = cost.quote(experiments, name, mode, region).usdPerHour();
          if (!(usd > 0)) {
            unpriced.add(name + " " + mode + " " + region);
          }
        }
      }
    }
    assertThat(unpriced).isEmpty();
  }

  @Test
  void smallPodsShareANode() {
    Workload small =
        new Workload(
            "tfs-serving",
            5,
            PodResources.parse("500m", "1Gi", "test"),
            Map.of(MachineType.INSTANCE_TYPE_LABEL, "e2-standard-4"));

    // An e2-standard-4 leaves 3.52 vCPU for workloads: 7 such pods per node, so one node.
    assertThat(quote(small, GkeMode.STANDARD).basis()).isEqualTo("1 x e2-standard-4");
  }

  @Test
  void aCustomMachineTypeIsPricedByItsFamilysRates() {
    ExperimentCost custom =
        new ExperimentCost(
            PriceTable.parse(
                "as-of 2026-11-01\nsource s\ncustom us-central1 e2 0.02 0.003\n", "prices.txt"));
    Workload workload =
        new Workload(
            "tfs-serving",
            2,
            PodResources.parse("7500m", "12Gi", "test"),
            Map.of(MachineType.INSTANCE_TYPE_LABEL, "e2-custom-8-16384"));

    ExperimentCost.Quote quote =
        custom.quote(
            new ExperimentCost.Request("x", List.of(workload), GkeMode.STANDARD, "us-central1-b"));

    assertThat(quote.usdPerHour()).isCloseTo(2 * (8 * 0.02 + 16 * 0.003), within(1e-9));
  }

  @Test
  void aRegionTheTableLacksIsNamedWithTheOnesItHas() {
    assertThatThrownBy(
            () -> cost.quote(experiments, "2vCPU+4GB+inter_op2", GkeMode.STANDARD, "europe-west4"))
        .hasMessage(
            "the shipped prices has no price for e2-standard-2 in europe-west4 (it prices"
                + " us-central1, us-east1, us-west1)");
  }

  @Test
  void aDeploymentWithoutAMachineTypeCannotBePricedOnStandard() {
    Workload anywhere =
        new Workload("tfs-serving", 1, PodResources.parse("1", "1Gi", "test"), Map.of());

    assertThatThrownBy(() -> quote(anywhere, GkeMode.STANDARD))
        .hasMessageContaining("deployment/tfs-serving names no machine type");
    assertThat(quote(anywhere, GkeMode.AUTOPILOT).usdPerHour())
        .isCloseTo(0.0445 + 0.0049225, within(1e-9));
  }

  private ExperimentCost.Quote quote(Workload workload, GkeMode mode) {
    return cost.quote(new ExperimentCost.Request("x", List.of(workload), mode, "us-central1"));
  }
}
