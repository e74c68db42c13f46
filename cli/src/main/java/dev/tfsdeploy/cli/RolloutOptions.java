package dev.tfsdeploy.cli;

import dev.tfsdeploy.UserError;
import dev.tfsdeploy.pipeline.ServingRollout;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** How a rollout is carried out and checked (a picocli mixin shared by deploy and run). */
final class RolloutOptions {
  @Option(
      names = "--deployment",
      paramLabel = "NAME",
      description =
          "The TF Serving Deployment (env GKE_DEPLOYMENT_NAME; default: the only one in the"
              + " manifests).")
  String deploymentName;

  @Option(
      names = "--model-version",
      paramLabel = "N",
      split = ",",
      description =
          "Version the smoke check expects AVAILABLE (repeatable or comma-separated), besides every"
              + " version the server reports (default: any version; run: those its model config"
              + " serves).")
  List<String> modelVersions = new ArrayList<>();

  @Option(
      names = "--timeout",
      paramLabel = "DURATION",
      defaultValue = "10m",
      converter = DurationConverter.class,
      description =
          "Longest wait for the rollout, and again for a rollback, e.g. 90s, 10m (default:"
              + " ${DEFAULT-VALUE}).")
  Duration timeout;

  @Option(
      names = "--no-rollback",
      description = "Leave a failed rollout in place instead of rolling back.")
  boolean noRollback;

  @Option(names = "--no-smoke", description = "Skip the smoke check through a port-forward.")
  boolean noSmoke;

  @Option(
      names = "--smoke-request",
      paramLabel = "FILE",
      description =
          "JSON body of a predict request the smoke check sends; the answer goes to stderr.")
  Path smokeRequest;

  @Option(
      names = "--smoke-timeout",
      paramLabel = "DURATION",
      defaultValue = "2m",
      converter = DurationConverter.class,
      description =
          "Longest wait for the model version to be AVAILABLE (default: ${DEFAULT-VALUE}).")
  Duration smokeTimeout;

  @Option(
      names = "--endpoint-timeout",
      paramLabel = "DURATION",
      defaultValue = "5m",
      converter = DurationConverter.class,
      description =
          "Longest wait for the LoadBalancer's external address (default: ${DEFAULT-VALUE}).")
  Duration endpointTimeout;

  @Mixin GkeModeOption gkeMode;

  /**
   * The settings; the smoke request is read now, before anything is applied, so a bad path fails
   * first.
   */
  ServingRollout.Settings toSettings() {
    return new ServingRollout.Settings(
        deploymentName,
        modelVersions.stream().map(String::strip).filter(v -> !v.isEmpty()).toList(),
        timeout,
        !noRollback,
        !noSmoke,
        smokeBody(),
        smokeTimeout,
        endpointTimeout,
        gkeMode.mode());
  }

  private String smokeBody() {
    if (smokeRequest == null) {
      return null;
    }
    try {
      return Files.readString(smokeRequest);
    } catch (IOException e) {
      throw new UserError(
          "cannot read --smoke-request " + smokeRequest + ": " + e.getMessage(),
          "pass a JSON predict request file",
          e);
    }
  }
}
