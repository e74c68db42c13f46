package dev.tfsdeploy.sizing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MachineTypeTest {
  @Test
  void predefinedTypesTakeTheirFamilysMemoryPerVcpu() {
    assertThat(MachineType.parse("e2-standard-8"))
        .contains(new MachineType("e2-standard-8", "e2", 8, 32 * 1024));
    assertThat(MachineType.parse("e2-highmem-8").orElseThrow().memoryMib()).isEqualTo(64 * 1024);
    assertThat(MachineType.parse("n2-highcpu-16").orElseThrow().memoryMib()).isEqualTo(16 * 1024);
    assertThat(MachineType.parse("n1-highmem-4").orElseThrow().memoryMib()).isEqualTo(4 * 6656);
  }

  @Test
  void customTypesSayTheirVcpusAndMemoryInTheName() {
    MachineType custom = MachineType.parse("e2-custom-8-16384").orElseThrow();
    assertThat(custom).isEqualTo(new MachineType("e2-custom-8-16384", "e2", 8, 16384));
    assertThat(custom.custom()).isTrue();
    assertThat(MachineType.parse("e2-standard-8").orElseThrow().custom()).isFalse();
  }

  @Test
  void sharedCoreAndUnknownTypesAreNotSized() {
    assertThat(MachineType.parse("e2-medium")).isEmpty();
    assertThat(MachineType.parse("a2-highgpu-1g")).isEmpty();
    assertThat(MachineType.parse(null)).isEmpty();
  }
}
