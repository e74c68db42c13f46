package dev.tfsdeploy.canary;

import dev.tfsdeploy.UserError;
import java.util.Locale;

/** How the canary gets its share of traffic. */
public enum CanaryMode {
  /**
   * A canary Deployment behind the stable Service's selector: the split is the share of pods, per
   * connection, so approximate (long-lived gRPC connections skew it).
   */
  REPLICAS,
  /** A canary Service and an HTTPRoute whose backend weights make the split exact. */
  GATEWAY;

  public String optionValue() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static CanaryMode parse(String text) {
    for (CanaryMode mode : values()) {
      if (mode.optionValue().equals(text)) {
        return mode;
      }
    }
    throw new UserError(
        "--canary-mode " + text + " is not a canary mode", "pass replicas or gateway");
  }
}
