package dev.tfsdeploy.cli;

import dev.tfsdeploy.sizing.GkeMode;
import picocli.CommandLine.Option;

/**
 * {@code --gke-mode} (a picocli mixin): GKE Standard or Autopilot, for the commands that size pods
 * against the cluster ({@code deploy}) or price them ({@code experiments compare}).
 */
final class GkeModeOption {
  @Option(
      names = "--gke-mode",
      paramLabel = "MODE",
      defaultValue = "standard",
      description =
          "standard (node pools: pods must fit the nodes' allocatable, nodes are billed) or"
              + " autopilot (pods are checked against and billed by Autopilot's rules)"
              + " (default: ${DEFAULT-VALUE}).")
  String value;

  GkeMode mode() {
    return GkeMode.parse(value, "--gke-mode");
  }
}
