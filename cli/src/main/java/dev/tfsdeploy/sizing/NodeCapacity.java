package dev.tfsdeploy.sizing;

import java.util.Map;

/** One node of the cluster: its name, labels and allocatable CPU and memory. */
public record NodeCapacity(String name, Map<String, String> labels, PodResources allocatable) {
  public NodeCapacity {
    labels = Map.copyOf(labels);
  }

  /** Whether a pod with this node selector may run here. */
  public boolean matches(Map<String, String> nodeSelector) {
    return labels.entrySet().containsAll(nodeSelector.entrySet());
  }

  public String machineType() {
    return labels.getOrDefault(MachineType.INSTANCE_TYPE_LABEL, "node");
  }
}
