package dev.tfsdeploy.canary;

import dev.tfsdeploy.UserError;
import java.util.Locale;

/** What the canary analysis is judged by ({@code --canary-signals}). */
public enum CanarySignals {
  /** TF Serving's metrics; an active probe when the server publishes none. */
  AUTO,
  /** TF Serving's metrics only: traffic the tracks get anyway. */
  METRICS,
  /** An active probe only: requests the analysis sends to each track itself. */
  PROBE;

  public String optionValue() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static CanarySignals parse(String text) {
    for (CanarySignals signals : values()) {
      if (signals.optionValue().equals(text)) {
        return signals;
      }
    }
    throw new UserError(
        "--canary-signals " + text + " is not a signal source", "pass auto, metrics or probe");
  }
}
