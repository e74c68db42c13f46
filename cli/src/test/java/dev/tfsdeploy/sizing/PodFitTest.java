package dev.tfsdeploy.sizing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tfsdeploy.UserError;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** The pods-fit check's decisions, with the cluster's nodes given as a list. */
class PodFitTest {
  private static final String SELECTOR = MachineType.INSTANCE_TYPE_LABEL;

  private static Workload pod(String cpu, String memory, String machineType) {
    return new Workload(
        "tfs-serving",
        2,
        PodResources.parse(cpu, memory, "test"),
        machineType == null ? Map.of() : Map.of(SELECTOR, machineType));
  }

  private static NodeCapacity node(String name, String machineType, String cpu, String memory) {
    return new NodeCapacity(
        name, Map.of(SELECTOR, machineType), PodResources.parse(cpu, memory, name));
  }

  private static PodFit.Verdict check(
      Workload workload, GkeMode mode, Supplier<Optional<List<NodeCapacity>>> nodes) {
    return PodFit.check(new PodFit.Request("8vCPU+16GB", List.of(workload), mode), nodes);
  }

  private static Supplier<Optional<List<NodeCapacity>>> listed(NodeCapacity... nodes) {
    return () -> Optional.of(List.of(nodes));
  }

  private static final Supplier<Optional<List<NodeCapacity>>> FORBIDDEN = Optional::empty;

  @Test
  void aPodAskingAWholeMachineIsAMisfitNamingTheExperimentTheAskAndTheOffer() {
    assertThatThrownBy(() -> check(pod("8", "32Gi", "e2-standard-8"), GkeMode.STANDARD, FORBIDDEN))
        .isInstanceOf(UserError.class)
        .hasMessage(
            "experiment 8vCPU+16GB asks 8 vCPU and 32Gi per pod, but one e2-standard-8 node offers"
                + " 7.91 vCPU and 28.3Gi allocatable (GKE reserves part of every node)");
  }

  @Test
  void againstListedNodesTheLargestMatchingNodeIsNamed() {
    assertThatThrownBy(
            () ->
                check(
                    pod("4", "8Gi", "e2-standard-4"),
                    GkeMode.STANDARD,
                    listed(
                        node("small", "e2-standard-4", "3920m", "12Gi"),
                        node("other-pool", "e2-standard-8", "7910m", "28Gi"))))
        .hasMessage(
            "experiment 8vCPU+16GB asks 4 vCPU and 8Gi per pod, but the largest e2-standard-4"
                + " node (small) offers 3.92 vCPU and 12Gi allocatable");
  }

  @Test
  void aPodThatFitsAListedNodePasses() {
    PodFit.Verdict verdict =
        check(
            pod("3500m", "8Gi", "e2-standard-4"),
            GkeMode.STANDARD,
            listed(node("n1", "e2-standard-4", "3920m", "12Gi")));

    assertThat(verdict.warnings()).isEmpty();
    assertThat(verdict.notes())
        .containsExactly(
            "deployment/tfs-serving: 2 pod(s) of 3.5 vCPU and 8Gi fit, checked against 1"
                + " matching node(s) of the cluster");
  }

  @Test
  void forbiddenNodeListingFallsBackToTheFormulaAndSaysSo() {
    PodFit.Verdict verdict =
        check(pod("3500m", "8Gi", "e2-standard-4"), GkeMode.STANDARD, FORBIDDEN);

    assertThat(verdict.warnings())
        .containsExactly(
            "cannot list the cluster's nodes (forbidden): checking pod sizes against GKE's"
                + " published allocatable instead");
    assertThat(verdict.notes().get(0)).contains("GKE's allocatable for e2-standard-4");
  }

  @Test
  void noNodeOfTheMachineTypeYetIsCheckedByTheFormulaWithAWarning() {
    PodFit.Verdict verdict =
        check(
            pod("3500m", "8Gi", "e2-standard-4"),
            GkeMode.STANDARD,
            listed(node("n1", "e2-standard-8", "7910m", "28Gi")));

    assertThat(verdict.warnings()).singleElement().asString().startsWith("no e2-standard-4 node");
  }

  @Test
  void aPodWithinTheDaemonSetHeadroomIsWarnedAbout() {
    PodFit.Verdict verdict =
        check(pod("3900m", "8Gi", "e2-standard-4"), GkeMode.STANDARD, FORBIDDEN);

    assertThat(verdict.warnings())
        .anyMatch(w -> w.contains("GKE's DaemonSets may leave too little"));
  }

  @Test
  void withoutAMachineTypeAndWithoutNodesThePodIsNotChecked() {
    PodFit.Verdict verdict = check(pod("64", "1024Gi", null), GkeMode.STANDARD, FORBIDDEN);

    assertThat(verdict.warnings())
        .contains("deployment/tfs-serving names no machine type: pod size not checked");
  }

  @Test
  void autopilotRefusesTheMachineTypeSelector() {
    assertThatThrownBy(
            () -> check(pod("1500m", "4Gi", "e2-standard-2"), GkeMode.AUTOPILOT, FORBIDDEN))
        .hasMessage(
            "experiment 8vCPU+16GB selects nodes by node.kubernetes.io/instance-type, which GKE"
                + " Autopilot refuses");
  }

  @Test
  void autopilotRefusesAPodBeyondItsLargestAndNeverListsNodes() {
    AtomicInteger asked = new AtomicInteger();
    assertThatThrownBy(
            () ->
                check(
                    pod("32", "64Gi", null),
                    GkeMode.AUTOPILOT,
                    () -> {
                      asked.incrementAndGet();
                      return Optional.empty();
                    }))
        .hasMessageStartingWith(
            "experiment 8vCPU+16GB asks 32 vCPU and 64Gi per pod, but the largest GKE Autopilot"
                + " general-purpose pod is 30 vCPU and 110Gi");
    assertThat(asked).hasValue(0);
  }

  @Test
  void autopilotSaysWhatItBillsWhenItRaisesTheRequests() {
    PodFit.Verdict verdict = check(pod("7500m", "56Gi", null), GkeMode.AUTOPILOT, FORBIDDEN);

    assertThat(verdict.warnings())
        .singleElement()
        .asString()
        .contains(
            "raises deployment/tfs-serving's 7.5 vCPU and 56Gi per pod to 8.75 vCPU and 56Gi");
  }
}
