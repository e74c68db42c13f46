package dev.tfsdeploy.canary;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.time.Duration;

/**
 * Where the analysis gets both tracks' numbers over one window: the model server's own metrics
 * ({@link TrackMetrics}), an active probe ({@link ActiveProbe}), or the first with the second as
 * its fallback ({@link MetricsOrProbe}).
 */
public interface TrackSignals {
  /** Starts watching both tracks for {@code window}; {@link Watch#stop()} gives their numbers. */
  Watch watch(Deployment stable, Deployment canary, Duration window);

  /** One window being watched. */
  interface Watch {
    /** Both tracks' numbers since the watch began. */
    Tracks stop();
  }

  /** Stable's and the canary's numbers of the same window. */
  record Tracks(TrackNumbers stable, TrackNumbers canary) {}
}
