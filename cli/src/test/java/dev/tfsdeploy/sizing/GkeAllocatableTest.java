package dev.tfsdeploy.sizing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** GKE's published allocatable formula for known machine types. */
class GkeAllocatableTest {
  private static PodResources allocatable(String machineType) {
    return GkeAllocatable.of(MachineType.parse(machineType).orElseThrow());
  }

  @Test
  void aFourVcpuNodeOffers3920mAsGkesOwnExampleShows() {
    // plan-node-sizes shows `cpu: 3920m` allocatable for a 4-vCPU node.
    assertThat(allocatable("e2-standard-4").cpuMillis()).isEqualTo(3920);
  }

  @Test
  void cpuReservationFollowsTheTiers() {
    assertThat(GkeAllocatable.reservedCpuMillis(1)).isEqualTo(60);
    assertThat(GkeAllocatable.reservedCpuMillis(2)).isEqualTo(70);
    assertThat(GkeAllocatable.reservedCpuMillis(4)).isEqualTo(80);
    assertThat(GkeAllocatable.reservedCpuMillis(8)).isEqualTo(90);
    // 0.25% of the 28 cores above 4 is 70m: 80m + 70m.
    assertThat(GkeAllocatable.reservedCpuMillis(32)).isEqualTo(150);
  }

  @Test
  void memoryReservationFollowsTheTiersPlusTheEvictionThreshold() {
    // 25% of 4 GiB + 20% of 4 GiB + 10% of 8 GiB = 2.6 GiB, plus 100 MiB.
    assertThat(mib(GkeAllocatable.reservedMemoryBytes(16 * 1024))).isCloseTo(2762.4, within(0.01));
    // e2-standard-2 (8 GiB): 1 GiB + 0.8 GiB + 100 MiB.
    assertThat(mib(allocatable("e2-standard-2").memoryBytes())).isCloseTo(6248.8, within(0.01));
    // e2-highmem-8 (64 GiB): 2.6 GiB + 6% of 48 GiB + 100 MiB reserved.
    assertThat(allocatable("e2-highmem-8").memoryGib()).isCloseTo(58.42, within(0.01));
    // 128 GiB + 2% of the 64 GiB above it.
    assertThat(mib(GkeAllocatable.reservedMemoryBytes(192 * 1024)))
        .isCloseTo(2662.4 + 6881.28 + 1310.72 + 100, within(0.01));
  }

  @Test
  void machinesUnderOneGibReserve255MibPlusTheEvictionThreshold() {
    assertThat(mib(GkeAllocatable.reservedMemoryBytes(614))).isEqualTo(355);
  }

  @Test
  void anN1StandardNodeReservesAQuarterOfItsMemory() {
    PodResources n1 = allocatable("n1-standard-1");
    assertThat(n1.cpuMillis()).isEqualTo(940);
    // 3840 MiB - 25% - 100 MiB.
    assertThat(mib(n1.memoryBytes())).isEqualTo(2780);
  }

  @Test
  void theHeadroomForDaemonSetsIsTakenFromAllocatable() {
    assertThat(GkeAllocatable.forWorkloads(MachineType.parse("e2-standard-2").orElseThrow()))
        .isEqualTo(allocatable("e2-standard-2").minus(GkeAllocatable.DAEMONSET_HEADROOM));
  }

  private static double mib(long bytes) {
    return bytes / (double) PodResources.MIB;
  }
}
