package dev.tfsdeploy.sizing;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One Deployment as the scheduler and the bill see it: how many pods, what each requests, and the
 * node selector that says which machines may run them.
 *
 * @param name the Deployment's name
 * @param perPod the pod's effective request: its containers' requests added up (a container without
 *     requests but with limits requests its limits), or its largest init container's if that is
 *     more, as the scheduler counts it
 */
public record Workload(
    String name, int replicas, PodResources perPod, Map<String, String> nodeSelector) {
  public Workload {
    nodeSelector = Map.copyOf(nodeSelector);
  }

  /** The Deployments among rendered objects, in their order. */
  public static List<Workload> allIn(List<? extends HasMetadata> objects) {
    return objects.stream()
        .filter(Deployment.class::isInstance)
        .map(o -> of((Deployment) o))
        .toList();
  }

  public static Workload of(Deployment deployment) {
    String name = deployment.getMetadata().getName();
    Integer replicas = deployment.getSpec().getReplicas();
    PodSpec pod = deployment.getSpec().getTemplate().getSpec();
    PodResources containers = PodResources.NONE;
    for (Container container : list(pod.getContainers())) {
      containers = containers.plus(request(container, "deployment/" + name));
    }
    PodResources init = PodResources.NONE;
    for (Container container : list(pod.getInitContainers())) {
      PodResources one = request(container, "deployment/" + name);
      init =
          new PodResources(
              Math.max(init.cpuMillis(), one.cpuMillis()),
              Math.max(init.memoryBytes(), one.memoryBytes()));
    }
    PodResources perPod =
        new PodResources(
            Math.max(containers.cpuMillis(), init.cpuMillis()),
            Math.max(containers.memoryBytes(), init.memoryBytes()));
    return new Workload(
        name,
        replicas == null ? 1 : replicas,
        perPod,
        pod.getNodeSelector() == null ? Map.of() : pod.getNodeSelector());
  }

  /** The machine type the node selector names, if it names one. */
  public Optional<String> machineType() {
    return Optional.ofNullable(nodeSelector.get(MachineType.INSTANCE_TYPE_LABEL));
  }

  private static PodResources request(Container container, String owner) {
    String what = owner + " container " + container.getName();
    ResourceRequirements resources = container.getResources();
    if (resources == null) {
      return PodResources.NONE;
    }
    return new PodResources(
        PodResources.millicores(quantity(resources, "cpu"), what),
        PodResources.bytes(quantity(resources, "memory"), what));
  }

  /** The request, or the limit when no request is set (Kubernetes defaults one to the other). */
  private static String quantity(ResourceRequirements resources, String resource) {
    Quantity value =
        Optional.ofNullable(resources.getRequests())
            .map(r -> r.get(resource))
            .or(() -> Optional.ofNullable(resources.getLimits()).map(l -> l.get(resource)))
            .orElse(null);
    return value == null ? null : value.toString();
  }

  private static <T> List<T> list(List<T> items) {
    return items == null ? List.of() : items;
  }
}
