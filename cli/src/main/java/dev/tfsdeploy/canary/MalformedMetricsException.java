package dev.tfsdeploy.canary;

import dev.tfsdeploy.UserError;

/** A metrics page that is not in Prometheus' text format: the model server is not what we think. */
public final class MalformedMetricsException extends UserError {
  public MalformedMetricsException(String message) {
    super(
        "the model server's metrics page is malformed: " + message,
        "check that the port serves TF Serving's Prometheus metrics (--monitoring_config_file)");
  }
}
