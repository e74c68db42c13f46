package dev.tfsdeploy.sizing;

import dev.tfsdeploy.UserError;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Whether an experiment's pods can be scheduled, decided before anything is applied: a pod that
 * asks more than any node it may run on offers sits Unschedulable forever.
 *
 * <p>On GKE Standard the pod is held against the allocatable of the cluster's nodes its node
 * selector matches; when the nodes cannot be listed (no permission), or none of the named machine
 * type exists yet (an autoscaled node pool at zero), against {@link GkeAllocatable}'s formula for
 * the machine type in its {@code node.kubernetes.io/instance-type} selector. On Autopilot it is
 * held against {@link AutopilotRules}. A misfit is a {@link UserError} naming the experiment, what
 * each pod asks and what the largest node offers.
 */
public final class PodFit {
  /**
   * What to check.
   *
   * @param experiment the name the error uses: the experiment, or where the manifests came from
   */
  public record Request(String experiment, List<Workload> workloads, GkeMode mode) {
    public Request {
      workloads = List.copyOf(workloads);
    }
  }

  /**
   * The verdict on pods that fit.
   *
   * @param notes what was checked against, one line per Deployment
   * @param warnings what could not be checked or is tight
   */
  public record Verdict(List<String> notes, List<String> warnings) {
    public Verdict {
      notes = List.copyOf(notes);
      warnings = List.copyOf(warnings);
    }
  }

  private PodFit() {}

  /**
   * Checks every Deployment; {@code nodes} lists the cluster's nodes (empty when they may not be
   * listed) and is only asked on GKE Standard.
   */
  public static Verdict check(Request request, Supplier<Optional<List<NodeCapacity>>> nodes) {
    List<String> notes = new ArrayList<>();
    List<String> warnings = new ArrayList<>();
    Optional<List<NodeCapacity>> listed = Optional.empty();
    boolean asked = false;
    for (Workload workload : request.workloads()) {
      if (request.mode() == GkeMode.AUTOPILOT) {
        autopilot(request.experiment(), workload, notes, warnings);
        continue;
      }
      if (!asked) {
        listed = nodes.get();
        asked = true;
        if (listed.isEmpty()) {
          warnings.add(
              "cannot list the cluster's nodes (forbidden): checking pod sizes against GKE's"
                  + " published allocatable instead");
        }
      }
      standard(request.experiment(), workload, listed, notes, warnings);
    }
    return new Verdict(notes, warnings);
  }

  private static void standard(
      String experiment,
      Workload workload,
      Optional<List<NodeCapacity>> listed,
      List<String> notes,
      List<String> warnings) {
    List<NodeCapacity> matching =
        listed.orElse(List.of()).stream().filter(n -> n.matches(workload.nodeSelector())).toList();
    if (!matching.isEmpty()) {
      if (matching.stream().anyMatch(n -> workload.perPod().fitsIn(n.allocatable()))) {
        notes.add(fits(workload, matching.size() + " matching node(s) of the cluster"));
        return;
      }
      NodeCapacity largest =
          matching.stream()
              .max(
                  Comparator.comparingLong((NodeCapacity n) -> n.allocatable().cpuMillis())
                      .thenComparingLong(n -> n.allocatable().memoryBytes()))
              .orElseThrow();
      throw misfit(
          experiment,
          workload,
          "the largest "
              + largest.machineType()
              + " node ("
              + largest.name()
              + ") offers "
              + largest.allocatable()
              + " allocatable");
    }
    Optional<String> type = workload.machineType();
    if (type.isEmpty()) {
      warnings.add(
          "deployment/"
              + workload.name()
              + (listed.isPresent() ? ": no node matches its node selector" : "")
              + (workload.nodeSelector().isEmpty()
                  ? " names no machine type"
                  : " names no machine type (" + MachineType.INSTANCE_TYPE_LABEL + ")")
              + ": pod size not checked");
      return;
    }
    Optional<MachineType> machine = MachineType.parse(type.get());
    if (machine.isEmpty()) {
      warnings.add(
          "deployment/"
              + workload.name()
              + ": machine type "
              + type.get()
              + " is not one tfs-deploy knows the size of: pod size not checked");
      return;
    }
    if (listed.isPresent()) {
      warnings.add(
          "no "
              + type.get()
              + " node in the cluster yet: the pods wait for a node pool of that"
              + " machine type (gcloud container node-pools create ... --machine-type "
              + type.get()
              + ")");
    }
    PodResources allocatable = GkeAllocatable.of(machine.get());
    if (!workload.perPod().fitsIn(allocatable)) {
      throw misfit(
          experiment,
          workload,
          "one "
              + type.get()
              + " node offers "
              + allocatable
              + " allocatable (GKE reserves part of every node)");
    }
    if (!workload.perPod().fitsIn(GkeAllocatable.forWorkloads(machine.get()))) {
      warnings.add(
          "deployment/"
              + workload.name()
              + " asks "
              + workload.perPod()
              + " per pod, within "
              + GkeAllocatable.DAEMONSET_HEADROOM
              + " of a "
              + type.get()
              + " node's allocatable: GKE's DaemonSets may leave too little");
    }
    notes.add(fits(workload, "GKE's allocatable for " + type.get() + " (" + allocatable + ")"));
  }

  private static void autopilot(
      String experiment, Workload workload, List<String> notes, List<String> warnings) {
    Optional<String> refused = AutopilotRules.refusedSelector(workload.nodeSelector());
    if (refused.isPresent()) {
      throw new UserError(
          "experiment "
              + experiment
              + " selects nodes by "
              + refused.get()
              + ", which GKE Autopilot refuses",
          "deploy it to a GKE Standard cluster, or use an overlay without that node selector"
              + " (Autopilot allows "
              + String.join(", ", AutopilotRules.ALLOWED_NODE_SELECTORS)
              + ")");
    }
    PodResources billed = AutopilotRules.billed(workload.perPod());
    if (!billed.fitsIn(AutopilotRules.MAXIMUM)) {
      throw misfit(
          experiment,
          workload,
          "the largest GKE Autopilot general-purpose pod is " + AutopilotRules.MAXIMUM);
    }
    if (!billed.equals(workload.perPod())) {
      warnings.add(
          "GKE Autopilot raises deployment/"
              + workload.name()
              + "'s "
              + workload.perPod()
              + " per pod to "
              + billed
              + " (its minimums, CPU:memory ratio and 250m steps)"
              + " and bills that");
    }
    notes.add(fits(workload, "GKE Autopilot's rules"));
  }

  private static String fits(Workload workload, String against) {
    return "deployment/"
        + workload.name()
        + ": "
        + workload.replicas()
        + " pod(s) of "
        + workload.perPod()
        + " fit, checked against "
        + against;
  }

  private static UserError misfit(String experiment, Workload workload, String offer) {
    return new UserError(
        "experiment " + experiment + " asks " + workload.perPod() + " per pod, but " + offer,
        "lower the pod's requests in its overlay or give it a larger machine type"
            + " (docs/experiments.md#machines-and-pod-sizes)");
  }
}
