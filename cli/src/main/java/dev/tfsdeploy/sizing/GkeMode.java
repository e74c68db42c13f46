package dev.tfsdeploy.sizing;

import dev.tfsdeploy.UserError;
import java.util.Locale;

/** How the cluster runs pods: on node pools the user sizes, or on GKE Autopilot. */
public enum GkeMode {
  /** GKE Standard: pods go onto nodes of node pools; the nodes are billed. */
  STANDARD,
  /** GKE Autopilot: Google sizes the nodes; each pod's requests are billed. */
  AUTOPILOT;

  /** Parses {@code standard} or {@code autopilot}. */
  public static GkeMode parse(String text, String option) {
    try {
      return valueOf(text.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new UserError(
          option + " must be standard or autopilot, not '" + text + "'",
          "pass " + option + " standard (node pools) or " + option + " autopilot");
    }
  }

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
