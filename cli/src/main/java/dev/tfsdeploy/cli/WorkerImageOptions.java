package dev.tfsdeploy.cli;

import dev.tfsdeploy.image.WorkerImageRequest;
import java.time.Duration;
import picocli.CommandLine.Option;

/**
 * The in-cluster load workers' image and start (a picocli mixin), for {@code loadtest --in-cluster}
 * and {@code experiments sweep --in-cluster}.
 */
final class WorkerImageOptions {
  @Option(
      names = "--worker-image",
      paramLabel = "IMAGE",
      description =
          "With --in-cluster: the workers' image (this CLI on a JRE); default: built from this"
              + " jar on --worker-base and pushed next to the deployed model image.")
  String image;

  @Option(
      names = "--worker-base",
      paramLabel = "IMAGE",
      defaultValue = WorkerImageRequest.DEFAULT_BASE,
      description =
          "With --in-cluster: the JRE image the workers' image is built on (default:"
              + " ${DEFAULT-VALUE}).")
  String base;

  @Option(
      names = "--worker-start-delay",
      paramLabel = "DURATION",
      converter = DurationConverter.class,
      defaultValue = "30s",
      description =
          "With --in-cluster: how long after the Job is created the workers start together, to"
              + " schedule them and pull the image (default: ${DEFAULT-VALUE}).")
  Duration startDelay;
}
