package dev.tfsdeploy.cluster.rollout;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A Deployment's revisions: the ReplicaSets it owns, numbered by the Deployment controller in the
 * {@code deployment.kubernetes.io/revision} annotation (the numbers {@code kubectl rollout history}
 * shows). The current revision is the one the Deployment's own annotation names.
 */
public final class Revisions {
  public static final String REVISION = "deployment.kubernetes.io/revision";

  private final KubernetesClient client;
  private final String namespace;

  public Revisions(KubernetesClient client, String namespace) {
    this.client = client;
    this.namespace = namespace;
  }

  /** The Deployment's ReplicaSets, newest revision first. */
  public List<ReplicaSet> replicaSets(Deployment deployment) {
    Map<String, String> selector = deployment.getSpec().getSelector().getMatchLabels();
    return client
        .apps()
        .replicaSets()
        .inNamespace(namespace)
        .withLabels(selector)
        .list()
        .getItems()
        .stream()
        .filter(rs -> ownedBy(rs, deployment))
        .sorted(Comparator.comparingLong(Revisions::revision).reversed())
        .toList();
  }

  /** The ReplicaSet of the Deployment's current revision, if the controller has made it yet. */
  public Optional<ReplicaSet> current(Deployment deployment) {
    long current = revision(deployment);
    List<ReplicaSet> sets = replicaSets(deployment);
    return sets.stream()
        .filter(rs -> revision(rs) == current)
        .findFirst()
        .or(() -> sets.stream().findFirst());
  }

  /** The newest revision before the current one: what a rollback returns to. */
  public Optional<ReplicaSet> previous(Deployment deployment) {
    long current = revision(deployment);
    return replicaSets(deployment).stream()
        .filter(rs -> revision(rs) > 0 && revision(rs) < current)
        .findFirst();
  }

  /** The pods a ReplicaSet owns. */
  public List<Pod> pods(ReplicaSet replicaSet) {
    Map<String, String> selector = replicaSet.getSpec().getSelector().getMatchLabels();
    return client.pods().inNamespace(namespace).withLabels(selector).list().getItems().stream()
        .filter(pod -> ownedBy(pod, replicaSet))
        .sorted(Comparator.comparing(pod -> pod.getMetadata().getName()))
        .toList();
  }

  public static long revision(HasMetadata object) {
    Map<String, String> annotations = object.getMetadata().getAnnotations();
    String value = annotations == null ? null : annotations.get(REVISION);
    try {
      return value == null ? 0 : Long.parseLong(value);
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  static boolean ownedBy(HasMetadata object, HasMetadata owner) {
    List<OwnerReference> owners = object.getMetadata().getOwnerReferences();
    return owners != null
        && owners.stream()
            .anyMatch(o -> o.getUid() != null && o.getUid().equals(owner.getMetadata().getUid()));
  }
}
