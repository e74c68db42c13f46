package dev.tfsdeploy.canary;

import dev.tfsdeploy.UserError;

/** A pod answered that it serves no metrics page: TF Serving runs without a monitoring config. */
public final class MetricsOffException extends UserError {
  private static final long serialVersionUID = 1L;

  MetricsOffException(String pod, String path, int code) {
    super(
        "pod/" + pod + " serves no metrics at " + path + " (HTTP " + code + ")",
        "enable TF Serving's Prometheus metrics with --monitoring_config_file (the base overlay's"
            + " monitoring ConfigMap), pass --metrics-path, or judge by an active probe with"
            + " --canary-signals probe");
  }
}
