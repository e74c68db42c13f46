package dev.tfsdeploy.cli;

import dev.tfsdeploy.UserError;
import dev.tfsdeploy.canary.CanaryMode;
import dev.tfsdeploy.canary.CanarySpec;
import dev.tfsdeploy.canary.GatewayRef;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * {@code --strategy} and how a canary gets its traffic (a picocli mixin): what {@code render} needs
 * to write the canary's objects, and {@code deploy} to apply them.
 */
final class CanaryTrafficOptions {
  static final String ROLLING = "rolling";
  static final String CANARY = "canary";

  @Option(
      names = "--strategy",
      paramLabel = "rolling|canary",
      defaultValue = ROLLING,
      description =
          "rolling replaces every pod (default); canary gives the new version a share of traffic"
              + " first, judges it by TF Serving's own metrics, then promotes or aborts.")
  String strategy;

  @Option(
      names = "--canary-percent",
      paramLabel = "P",
      defaultValue = "25",
      description = "The canary's share of traffic (default: ${DEFAULT-VALUE}).")
  double percent;

  @Option(
      names = "--canary-mode",
      paramLabel = "replicas|gateway",
      defaultValue = "replicas",
      description =
          "replicas: a -canary Deployment behind the same Service, the split by pod count"
              + " (approximate, per connection); gateway: an HTTPRoute with exact weights"
              + " (default: ${DEFAULT-VALUE}).")
  String mode;

  @Option(
      names = "--gateway",
      paramLabel = "[NAMESPACE/]NAME",
      description = "The Gateway the canary's HTTPRoute attaches to (gateway mode).")
  String gateway;

  /** Whether a canary was asked for; an unknown strategy is refused. */
  boolean canary() {
    if (!strategy.equals(ROLLING) && !strategy.equals(CANARY)) {
      throw new UserError(
          "--strategy " + strategy + " is not a strategy", "pass rolling or canary");
    }
    return strategy.equals(CANARY);
  }

  CanarySpec toSpec() {
    return new CanarySpec(
        CanaryMode.parse(mode), percent, Optional.ofNullable(gateway).map(GatewayRef::parse));
  }
}
