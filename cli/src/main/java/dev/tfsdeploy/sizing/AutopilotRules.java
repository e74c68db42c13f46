package dev.tfsdeploy.sizing;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How GKE Autopilot treats a pod of its default general-purpose compute class: it bills the pod's
 * requests, not a node, after raising them to its rules, and refuses pods beyond its maximum or
 * with node selectors it does not allow.
 *
 * <p>Sources: https://cloud.google.com/kubernetes-engine/docs/concepts/autopilot-resource-requests
 * (minimums, maximums, the CPU:memory ratio) and https://cloud.google.com/kubernetes-engine/pricing
 * ("you can request CPU in increments of ¼ vCPU cores. Memory can be provisioned in the range 1GB
 * to 6.5GB per vCPU. If you request resources outside of these increments and ranges, the resource
 * values will be rounded up"). Autopilot raises the smaller of CPU and memory to meet the ratio,
 * then rounds CPU up to the next 250m.
 */
public final class AutopilotRules {
  /** The smallest general-purpose pod Autopilot runs: a quarter vCPU and half a GiB. */
  public static final PodResources MINIMUM = new PodResources(250, 512 * PodResources.MIB);

  /**
   * The largest general-purpose pod (the documented limit for recent GKE versions; older clusters
   * allow less, and the Balanced and Performance classes more).
   */
  public static final PodResources MAXIMUM = new PodResources(30_000, 110 * PodResources.GIB);

  public static final long CPU_STEP_MILLIS = 250;

  /** Memory per vCPU Autopilot accepts: from 1 GiB to 6.5 GiB. */
  public static final double MIN_GIB_PER_VCPU = 1.0;

  public static final double MAX_GIB_PER_VCPU = 6.5;

  /**
   * The node selector keys Autopilot admits (GKE Warden refuses others, such as {@code
   * node.kubernetes.io/instance-type} or a node pool).
   */
  public static final List<String> ALLOWED_NODE_SELECTORS =
      List.of(
          "cloud.google.com/compute-class",
          "cloud.google.com/machine-family",
          "cloud.google.com/gke-spot",
          "cloud.google.com/gke-ephemeral-storage-local-ssd",
          "cloud.google.com/gke-placement-group",
          "topology.kubernetes.io/region",
          "topology.kubernetes.io/zone",
          "failure-domain.beta.kubernetes.io/region",
          "failure-domain.beta.kubernetes.io/zone",
          "cloud.google.com/gke-os-distribution",
          "kubernetes.io/os",
          "kubernetes.io/arch");

  private AutopilotRules() {}

  /** What Autopilot bills (and reserves) for a pod that requests {@code requested}. */
  public static PodResources billed(PodResources requested) {
    long cpu = Math.max(requested.cpuMillis(), MINIMUM.cpuMillis());
    long memory = Math.max(requested.memoryBytes(), MINIMUM.memoryBytes());
    // Too much memory per vCPU: more CPU. Too little: more memory.
    long cpuForMemory =
        (long) Math.ceil(memory / (double) PodResources.GIB / MAX_GIB_PER_VCPU * 1000);
    cpu = Math.max(cpu, cpuForMemory);
    cpu = (cpu + CPU_STEP_MILLIS - 1) / CPU_STEP_MILLIS * CPU_STEP_MILLIS;
    memory = Math.max(memory, (long) Math.ceil(cpu / 1000.0 * MIN_GIB_PER_VCPU * PodResources.GIB));
    return new PodResources(cpu, memory);
  }

  /** The first node selector key Autopilot refuses, if any. */
  public static Optional<String> refusedSelector(Map<String, String> nodeSelector) {
    return nodeSelector.keySet().stream()
        .filter(key -> !ALLOWED_NODE_SELECTORS.contains(key))
        .sorted()
        .findFirst();
  }
}
