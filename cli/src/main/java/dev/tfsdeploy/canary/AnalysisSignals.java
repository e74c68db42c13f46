package dev.tfsdeploy.canary;

import dev.tfsdeploy.UserError;
import dev.tfsdeploy.cluster.rollout.RolloutListener;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Optional;

/**
 * What the analysis is judged by, as asked for.
 *
 * @param signals metrics, probe, or metrics with the probe as fallback
 * @param metricsPath where TF Serving serves its Prometheus page
 * @param probeRate requests per second the probe sends each track
 */
public record AnalysisSignals(CanarySignals signals, String metricsPath, double probeRate) {
  /** Checked here, before a canary starts, rather than when the probe would first be needed. */
  public AnalysisSignals {
    if (!(probeRate > 0 && Double.isFinite(probeRate))) {
      throw new UserError(
          "--probe-rate " + probeRate + " is not a rate", "pass a positive number of requests/s");
    }
  }

  /**
   * The signals for {@code model} in {@code namespace}; {@code body} is the predict request a probe
   * sends (empty: made up from stable's signature).
   */
  public TrackSignals open(
      KubernetesClient client,
      String namespace,
      String model,
      Optional<String> body,
      RolloutListener listener) {
    TrackMetrics metrics = new TrackMetrics(client, namespace, model, metricsPath);
    return switch (signals) {
      case METRICS -> metrics;
      case PROBE -> new ActiveProbe(client, namespace, model, probeRate, body);
      case AUTO ->
          new MetricsOrProbe(
              metrics, new ActiveProbe(client, namespace, model, probeRate, body), listener);
    };
  }
}
