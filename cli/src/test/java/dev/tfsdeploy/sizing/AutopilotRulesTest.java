package dev.tfsdeploy.sizing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** How GKE Autopilot bills a general-purpose pod's requests. */
class AutopilotRulesTest {
  private static PodResources pod(String cpu, String memory) {
    return PodResources.parse(cpu, memory, "test pod");
  }

  @Test
  void requestsWithinTheRulesAreBilledAsTheyAre() {
    assertThat(AutopilotRules.billed(pod("1500m", "4Gi"))).isEqualTo(pod("1500m", "4Gi"));
  }

  @Test
  void moreThanSixAndAHalfGibPerVcpuRaisesTheCpuToAQuarterVcpuStep() {
    // 56 GiB / 6.5 = 8.62 vCPU, rounded up to 8.75.
    assertThat(AutopilotRules.billed(pod("7500m", "56Gi"))).isEqualTo(pod("8750m", "56Gi"));
  }

  @Test
  void lessThanOneGibPerVcpuRaisesTheMemory() {
    assertThat(AutopilotRules.billed(pod("4", "2Gi"))).isEqualTo(pod("4", "4Gi"));
  }

  @Test
  void cpuIsRoundedUpToQuarterVcpus() {
    assertThat(AutopilotRules.billed(pod("1100m", "2Gi"))).isEqualTo(pod("1250m", "2Gi"));
  }

  @Test
  void tinyPodsAreRaisedToTheMinimum() {
    assertThat(AutopilotRules.billed(pod("100m", "100Mi"))).isEqualTo(pod("250m", "512Mi"));
  }

  @Test
  void aMachineTypeNodeSelectorIsRefusedAndAComputeClassIsNot() {
    assertThat(
            AutopilotRules.refusedSelector(
                Map.of("node.kubernetes.io/instance-type", "e2-standard-2")))
        .contains("node.kubernetes.io/instance-type");
    assertThat(AutopilotRules.refusedSelector(Map.of("cloud.google.com/compute-class", "Balanced")))
        .isEmpty();
  }
}
