package dev.tfsdeploy.canary;

import dev.tfsdeploy.UserError;
import dev.tfsdeploy.cluster.rollout.Revisions;
import dev.tfsdeploy.cluster.rollout.ServiceEndpoint;
import dev.tfsdeploy.cluster.rollout.serving.PodTunnel;
import dev.tfsdeploy.cluster.rollout.serving.TfServingRest;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.time.Duration;
import java.util.List;

/**
 * Scrapes the model server's own metrics from every pod of a Deployment's current revision, each
 * through a port-forward to its REST port, and adds them up: the numbers of one track.
 */
public final class TrackMetrics {
  private final KubernetesClient client;
  private final String namespace;
  private final String model;
  private final String path;

  public TrackMetrics(KubernetesClient client, String namespace, String model, String path) {
    this.client = client;
    this.namespace = namespace;
    this.model = model;
    this.path = path;
  }

  /** The sum over the Deployment's pods now. */
  public ServingMetrics scrape(Deployment deployment) {
    Revisions revisions = new Revisions(client, namespace);
    List<Pod> pods = revisions.current(deployment).map(revisions::pods).orElse(List.of());
    ServingMetrics total = ServingMetrics.NONE;
    for (Pod pod : pods) {
      total = total.plus(scrape(pod.getMetadata().getName()));
    }
    return total;
  }

  private ServingMetrics scrape(String pod) {
    try (PodTunnel tunnel = PodTunnel.open(client, namespace, pod, ServiceEndpoint.REST_PORT)) {
      TfServingRest.Answer answer =
          new TfServingRest(tunnel.baseUrl(), Duration.ofSeconds(30)).metrics(path);
      if (!answer.ok()) {
        throw new UserError(
            "pod/" + pod + " serves no metrics at " + path + " (HTTP " + answer.code() + ")",
            "enable TF Serving's Prometheus metrics with --monitoring_config_file (the base"
                + " overlay's monitoring ConfigMap), or pass --metrics-path");
      }
      return ServingMetrics.parse(answer.body(), model);
    } catch (IOException e) {
      throw new UserError(
          "cannot read the metrics of pod/" + pod + ": " + e.getMessage(),
          "check that the pod is ready (kubectl get pods)",
          e);
    }
  }
}
