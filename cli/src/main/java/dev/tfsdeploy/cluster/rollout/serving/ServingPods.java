package dev.tfsdeploy.cluster.rollout.serving;

import dev.tfsdeploy.cluster.rollout.Revisions;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Optional;

/** Finds a pod of a Deployment's current revision that is ready to serve. */
public final class ServingPods {
  private ServingPods() {}

  public static Optional<Pod> readyPod(
      KubernetesClient client, String namespace, Deployment deployment) {
    Revisions revisions = new Revisions(client, namespace);
    return revisions.current(deployment).stream()
        .flatMap(rs -> revisions.pods(rs).stream())
        .filter(ServingPods::ready)
        .findFirst();
  }

  static boolean ready(Pod pod) {
    return pod.getStatus() != null
        && pod.getStatus().getConditions() != null
        && pod.getStatus().getConditions().stream()
            .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
  }
}
