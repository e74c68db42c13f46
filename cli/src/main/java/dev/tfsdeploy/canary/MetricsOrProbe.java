package dev.tfsdeploy.canary;

import dev.tfsdeploy.cluster.rollout.RolloutListener;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.math.BigDecimal;
import java.time.Duration;

/**
 * The model server's metrics when it publishes them, else an active probe, with a warning that says
 * which and why ({@code --canary-signals auto}).
 */
public final class MetricsOrProbe implements TrackSignals {
  private final TrackMetrics metrics;
  private final ActiveProbe probe;
  private final RolloutListener listener;

  public MetricsOrProbe(TrackMetrics metrics, ActiveProbe probe, RolloutListener listener) {
    this.metrics = metrics;
    this.probe = probe;
    this.listener = listener;
  }

  @Override
  public Watch watch(Deployment stable, Deployment canary, Duration window) {
    try {
      return metrics.watch(stable, canary, window);
    } catch (MetricsOffException e) {
      listener.warning(
          e.getMessage()
              + ": judging by an active probe instead, "
              + BigDecimal.valueOf(probe.rate()).stripTrailingZeros().toPlainString()
              + " requests/s to one pod of each track");
      return probe.watch(stable, canary, window);
    }
  }
}
