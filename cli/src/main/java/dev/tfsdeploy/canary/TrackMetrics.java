package dev.tfsdeploy.canary;

import dev.tfsdeploy.UserError;
import dev.tfsdeploy.cluster.kubernetes.PodProxy;
import dev.tfsdeploy.cluster.rollout.Revisions;
import dev.tfsdeploy.cluster.rollout.ServiceEndpoint;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.time.Duration;
import java.util.List;

/**
 * Scrapes the model server's own metrics from every pod of a Deployment's current revision, each
 * through the API server's pod proxy to its REST port, and adds them up: the numbers of one track.
 * A window is the difference of a scrape before and one after it.
 */
public final class TrackMetrics implements TrackSignals {
  private static final Duration SCRAPE_TIMEOUT = Duration.ofSeconds(30);

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

  @Override
  public Watch watch(Deployment stable, Deployment canary, Duration window) {
    ServingMetrics stableBefore = scrape(stable);
    ServingMetrics canaryBefore = scrape(canary);
    return () -> new Tracks(scrape(stable).since(stableBefore), scrape(canary).since(canaryBefore));
  }

  /** The sum over the Deployment's pods now. */
  public ServingMetrics scrape(Deployment deployment) {
    Revisions revisions = new Revisions(client, namespace);
    List<Pod> pods = revisions.current(deployment).map(revisions::pods).orElse(List.of());
    PodProxy proxy = new PodProxy(client, namespace, SCRAPE_TIMEOUT);
    ServingMetrics total = ServingMetrics.NONE;
    for (Pod pod : pods) {
      total = total.plus(scrape(proxy, pod.getMetadata().getName()));
    }
    return total;
  }

  private ServingMetrics scrape(PodProxy proxy, String pod) {
    PodProxy.Answer answer;
    try {
      answer = proxy.get(pod, ServiceEndpoint.REST_PORT, path);
    } catch (IOException e) {
      throw new UserError(
          "cannot read the metrics of pod/" + pod + ": " + e.getMessage(),
          "check that the pod is ready (kubectl get pods)",
          e);
    }
    if (answer.forbidden()) {
      throw new UserError(
          "the API server refused to proxy to pod/" + pod + " for its metrics (HTTP 403)",
          "grant the identity get on pods/proxy in namespace "
              + namespace
              + ", or judge by an active probe with --canary-signals probe");
    }
    if (answer.code() == 404) {
      throw new MetricsOffException(pod, path, answer.code());
    }
    if (!answer.ok()) {
      throw new UserError(
          "pod/" + pod + " answered HTTP " + answer.code() + " for its metrics at " + path,
          "check that the pod is ready (kubectl get pods) and its logs");
    }
    return ServingMetrics.parse(answer.body(), model);
  }
}
