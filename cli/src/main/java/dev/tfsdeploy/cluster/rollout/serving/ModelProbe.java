package dev.tfsdeploy.cluster.rollout.serving;

import dev.tfsdeploy.UserError;
import dev.tfsdeploy.cluster.rollout.ServiceEndpoint;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Asks a ready pod of a Deployment, through a port-forward, for its model's version states. For
 * status reports, so it never fails: when there is nothing to ask, the answer says why.
 */
public final class ModelProbe {
  private ModelProbe() {}

  /** The versions, or empty with {@code note} saying why there are none. */
  public record Answer(List<ModelVersionStatus> versions, Optional<String> note) {}

  public static Answer probe(
      KubernetesClient client, String namespace, Deployment deployment, String model) {
    Optional<Pod> pod = ServingPods.readyPod(client, namespace, deployment);
    if (pod.isEmpty()) {
      return new Answer(List.of(), Optional.of("no ready pod to ask"));
    }
    try (PodTunnel tunnel =
        PodTunnel.open(
            client, namespace, pod.get().getMetadata().getName(), ServiceEndpoint.REST_PORT)) {
      TfServingRest.Answer answer =
          new TfServingRest(tunnel.baseUrl(), Duration.ofSeconds(10)).modelStatus(model);
      if (!answer.ok()) {
        return new Answer(
            List.of(),
            Optional.of(
                "pod/" + tunnel.pod() + " answered HTTP " + answer.code() + ": " + answer.error()));
      }
      return new Answer(TfServingRest.versions(answer), Optional.empty());
    } catch (IOException | UserError | KubernetesClientException e) {
      return new Answer(List.of(), Optional.of("cannot ask the server: " + e.getMessage()));
    }
  }
}
