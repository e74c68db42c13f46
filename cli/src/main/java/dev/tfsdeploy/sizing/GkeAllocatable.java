package dev.tfsdeploy.sizing;

/**
 * What a GKE Standard node of a machine type offers pods, by GKE's published formula (source:
 * https://cloud.google.com/kubernetes-engine/docs/concepts/plan-node-sizes#memory_and_cpu_reservations).
 *
 * <p>GKE reserves CPU: 6% of the first core, 1% of the next, 0.5% of the next 2, 0.25% of every
 * core above 4; and memory: 255 MiB on machines under 1 GiB, else 25% of the first 4 GiB, 20% of
 * the next 4, 10% of the next 8, 6% of the next 112 and 2% above 128 GiB; plus 100 MiB for the
 * kubelet's eviction threshold. The kernel keeps a little of the machine's memory before the
 * kubelet counts, so a real node reports somewhat less; {@link #DAEMONSET_HEADROOM} covers that and
 * GKE's own DaemonSets (logging, metrics, networking, CSI), which take their requests from the same
 * allocatable on every node.
 */
public final class GkeAllocatable {
  /**
   * What the shipped experiments leave free of each node's allocatable: GKE's DaemonSets request
   * about 300m CPU and 400 MiB together on a Standard node (it varies with the cluster's add-ons),
   * plus the memory the kernel keeps. Requests above allocatable minus this may still schedule, but
   * not on every cluster.
   */
  public static final PodResources DAEMONSET_HEADROOM =
      new PodResources(400, 768 * PodResources.MIB);

  private static final long EVICTION_THRESHOLD_MIB = 100;

  /**
   * CPU tiers: {cores in the tier, reserved ten-thousandths of a core per core}, so 0.25% (2.5m) is
   * a whole number.
   */
  private static final int[][] CPU_TIERS = {{1, 600}, {1, 100}, {2, 50}, {Integer.MAX_VALUE, 25}};

  /** Memory tiers: {GiB in the tier, reserved percent}. */
  private static final int[][] MEMORY_TIERS = {{4, 25}, {4, 20}, {8, 10}, {112, 6}};

  private GkeAllocatable() {}

  /** The node's allocatable CPU and memory. */
  public static PodResources of(MachineType machine) {
    PodResources capacity = machine.capacity();
    return capacity
        .minus(new PodResources(reservedCpuMillis(machine.vcpus()), 0))
        .minus(new PodResources(0, reservedMemoryBytes(machine.memoryMib())));
  }

  /** What a node leaves for the experiment's pods: allocatable less the DaemonSet headroom. */
  public static PodResources forWorkloads(MachineType machine) {
    return of(machine).minus(DAEMONSET_HEADROOM);
  }

  /** Reserved CPU in millicores, rounded up. */
  static long reservedCpuMillis(int cores) {
    long reserved = 0;
    int left = cores;
    for (int[] tier : CPU_TIERS) {
      int inTier = Math.min(left, tier[0]);
      reserved += (long) inTier * tier[1];
      left -= inTier;
    }
    return (reserved + 9) / 10;
  }

  /** Reserved memory in bytes, the eviction threshold included. */
  static long reservedMemoryBytes(long memoryMib) {
    long mib = PodResources.MIB;
    if (memoryMib < 1024) {
      return (255 + EVICTION_THRESHOLD_MIB) * mib;
    }
    long left = memoryMib * mib;
    double reserved = 0;
    for (int[] tier : MEMORY_TIERS) {
      long inTier = Math.min(left, tier[0] * PodResources.GIB);
      reserved += inTier * tier[1] / 100.0;
      left -= inTier;
    }
    reserved += left * 0.02;
    return (long) Math.ceil(reserved) + EVICTION_THRESHOLD_MIB * mib;
  }
}
