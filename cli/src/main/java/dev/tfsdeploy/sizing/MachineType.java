package dev.tfsdeploy.sizing;

import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Compute Engine machine type by its name, as GKE puts it on a node's {@code
 * node.kubernetes.io/instance-type} label: its family ({@code e2}), vCPUs and memory. Predefined
 * types follow their family's memory per vCPU (e2-standard-8: 8 vCPUs, 32 GiB); custom types say
 * both in the name (e2-custom-8-16384: 8 vCPUs, 16384 MiB). Compute Engine's "GB" in machine types
 * is GiB (an e2-standard-4 has 16384 MiB).
 */
public record MachineType(String name, String family, int vcpus, long memoryMib) {
  /** The label GKE sets on every node to its machine type. */
  public static final String INSTANCE_TYPE_LABEL = "node.kubernetes.io/instance-type";

  private static final Pattern PREDEFINED =
      Pattern.compile("(e2|n1|n2|n2d|n4|c3|c3d|c4|t2d)-(standard|highmem|highcpu)-([0-9]+)");
  private static final Pattern CUSTOM =
      Pattern.compile("(e2|n1|n2|n2d|n4)-custom-([0-9]+)-([0-9]+)(-ext)?");

  /**
   * MiB per vCPU of each predefined class, by family (n1 is the old 3.75 / 6.5 / 0.9 GB shape; the
   * others 4 / 8 / 1 GB). Source: https://cloud.google.com/compute/docs/machine-resource
   */
  private static final Map<String, Map<String, Integer>> MIB_PER_VCPU =
      Map.of(
          "n1", Map.of("standard", 3840, "highmem", 6656, "highcpu", 922),
          "default", Map.of("standard", 4096, "highmem", 8192, "highcpu", 1024));

  /** The machine type a name stands for, or empty for a name this table does not know. */
  public static Optional<MachineType> parse(String name) {
    if (name == null) {
      return Optional.empty();
    }
    Matcher custom = CUSTOM.matcher(name);
    if (custom.matches()) {
      return Optional.of(
          new MachineType(
              name,
              custom.group(1),
              Integer.parseInt(custom.group(2)),
              Long.parseLong(custom.group(3))));
    }
    Matcher predefined = PREDEFINED.matcher(name);
    if (predefined.matches()) {
      String family = predefined.group(1);
      int vcpus = Integer.parseInt(predefined.group(3));
      int perVcpu =
          MIB_PER_VCPU.getOrDefault(family, MIB_PER_VCPU.get("default")).get(predefined.group(2));
      return Optional.of(new MachineType(name, family, vcpus, (long) vcpus * perVcpu));
    }
    return Optional.empty();
  }

  /** Whether the name is a custom machine type, priced per vCPU and GiB rather than per type. */
  public boolean custom() {
    return name.contains("-custom-");
  }

  public PodResources capacity() {
    return new PodResources(vcpus * 1000L, memoryMib * PodResources.MIB);
  }

  public double memoryGib() {
    return memoryMib / 1024.0;
  }
}
