package dev.tfsdeploy.canary;

import dev.tfsdeploy.UserError;
import java.util.Optional;

/**
 * What canary was asked for.
 *
 * @param mode how traffic is split
 * @param percent the canary's share of traffic
 * @param gateway the Gateway the HTTPRoute attaches to (gateway mode only)
 */
public record CanarySpec(CanaryMode mode, double percent, Optional<GatewayRef> gateway) {
  public CanarySpec {
    if (mode == CanaryMode.GATEWAY) {
      if (gateway.isEmpty()) {
        throw new UserError(
            "--canary-mode gateway needs the Gateway the route attaches to",
            "pass --gateway NAME (or NAMESPACE/NAME)");
      }
      if (percent != Math.rint(percent) || percent <= 0 || percent >= 100) {
        throw new UserError(
            "--canary-percent " + ReplicaSplit.format(percent) + " is not a route weight",
            "pass a whole percent between 1 and 99: HTTPRoute weights are integers");
      }
    }
  }

  /** The weight of the canary backend in gateway mode, out of 100. */
  public int canaryWeight() {
    return (int) percent;
  }
}
