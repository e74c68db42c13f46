package dev.tfsdeploy.sizing;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The cluster's nodes and what each offers pods, read with the client the deploy uses. Listing
 * nodes needs a cluster-wide read that a namespace-scoped identity may not have; then there are
 * none to read and the fit check falls back to GKE's formula.
 */
public final class ClusterNodes {
  private ClusterNodes() {}

  /** Every node's allocatable, or empty when the identity may not list nodes (401 or 403). */
  public static Optional<List<NodeCapacity>> list(KubernetesClient client) {
    try {
      return Optional.of(
          client.nodes().list().getItems().stream().map(ClusterNodes::capacity).toList());
    } catch (KubernetesClientException e) {
      if (e.getCode() == 403 || e.getCode() == 401) {
        return Optional.empty();
      }
      throw e;
    }
  }

  private static NodeCapacity capacity(Node node) {
    String name = node.getMetadata().getName();
    Map<String, Quantity> allocatable =
        node.getStatus() == null || node.getStatus().getAllocatable() == null
            ? Map.of()
            : node.getStatus().getAllocatable();
    String what = "node " + name;
    return new NodeCapacity(
        name,
        node.getMetadata().getLabels() == null ? Map.of() : node.getMetadata().getLabels(),
        new PodResources(
            PodResources.millicores(text(allocatable.get("cpu")), what),
            PodResources.bytes(text(allocatable.get("memory")), what)));
  }

  private static String text(Quantity quantity) {
    return quantity == null ? null : quantity.toString();
  }
}
