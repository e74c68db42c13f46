package dev.tfsdeploy.cluster.rollout;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The live objects of one app in one namespace: everything of a {@link ManagedKind} that carries
 * the app's labels. Prune, teardown and status all start here.
 */
public final class AppObjects {
  private final KubernetesClient client;
  private final String namespace;

  public AppObjects(KubernetesClient client, String namespace) {
    this.client = client;
    this.namespace = namespace;
  }

  /**
   * The app's live objects, Deployments first (so a teardown stops the pods before their config
   * goes).
   */
  public List<HasMetadata> list(AppLabels labels) {
    List<HasMetadata> found = new ArrayList<>();
    for (ManagedKind kind : ManagedKind.values()) {
      found.addAll(
          client
              .resources(kind.type())
              .inNamespace(namespace)
              .withLabels(labels.selector())
              .list()
              .getItems());
    }
    found.sort(
        Comparator.comparing((HasMetadata o) -> ManagedKind.of(o.getKind()).orElseThrow())
            .thenComparing(o -> o.getMetadata().getName()));
    return found;
  }

  /**
   * The app to work on: the Deployment named {@code name}, or else the only Deployment tfs-deploy
   * manages in the namespace.
   */
  public String deploymentName(java.util.Optional<String> name) {
    if (name.isPresent()) {
      return name.get();
    }
    List<String> managed =
        client
            .apps()
            .deployments()
            .inNamespace(namespace)
            .withLabel(AppLabels.MANAGED_BY, AppLabels.TOOL)
            .list()
            .getItems()
            .stream()
            .map(d -> d.getMetadata().getName())
            .sorted()
            .toList();
    if (managed.size() == 1) {
      return managed.get(0);
    }
    throw new dev.tfsdeploy.UserError(
        managed.isEmpty()
            ? "tfs-deploy manages no Deployment in namespace " + namespace
            : "tfs-deploy manages several Deployments in namespace "
                + namespace
                + ": "
                + String.join(", ", managed),
        managed.isEmpty()
            ? "check --namespace (and --kubeconfig/--context)"
            : "choose one with --deployment");
  }

  /** Deletes one object (its dependents, like a Deployment's ReplicaSets and pods, go with it). */
  public void delete(HasMetadata object) {
    client.resource(object).inNamespace(namespace).delete();
  }
}
