package dev.tfsdeploy.canary;

import dev.tfsdeploy.UserError;
import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * How a percent of traffic becomes replicas when the canary shares the stable Service: the
 * experiment's replicas are split, never added to (the cost stays the experiment's), so the canary
 * takes {@code percent} of the pods and, per connection, about that share of traffic.
 *
 * @param stable replicas left on the stable Deployment
 * @param canary replicas of the canary Deployment
 */
public record ReplicaSplit(int stable, int canary) {
  /** 4 replicas at 25% are 3 + 1; a percent the replicas cannot express is refused. */
  public static ReplicaSplit of(int replicas, double percent) {
    if (!(percent > 0 && percent < 100)) {
      throw new UserError(
          "--canary-percent " + format(percent) + " is not a canary share",
          "pass a percent between 0 and 100, e.g. 25");
    }
    if (replicas < 2) {
      throw new UserError(
          "a replica canary needs at least 2 replicas; the experiment has " + replicas,
          "raise the experiment's replicas, or split traffic exactly with a Gateway (--canary-mode"
              + " gateway)");
    }
    double exact = replicas * percent / 100;
    long canary = Math.round(exact);
    if (Math.abs(exact - canary) > 1e-9) {
      long nearest = Math.max(1, Math.min(replicas - 1, canary));
      throw new UserError(
          replicas + " replicas cannot carry " + format(percent) + "% of traffic",
          "the nearest they can is "
              + format(100.0 * nearest / replicas)
              + "% ("
              + nearest
              + " of "
              + replicas
              + " pods); pass that, or use --canary-mode gateway for an exact split");
    }
    return new ReplicaSplit(replicas - (int) canary, (int) canary);
  }

  /** The canary's share of pods in percent. */
  public double canaryPercent() {
    return 100.0 * canary / (stable + canary);
  }

  static String format(double percent) {
    return BigDecimal.valueOf(percent)
        .setScale(1, RoundingMode.HALF_UP)
        .stripTrailingZeros()
        .toPlainString();
  }
}
