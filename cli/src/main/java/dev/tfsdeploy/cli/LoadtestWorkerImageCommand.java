package dev.tfsdeploy.cli;

import com.google.cloud.tools.jib.api.ImageReference;
import dev.tfsdeploy.UserError;
import dev.tfsdeploy.image.ImageNames;
import dev.tfsdeploy.image.WorkerImageRequest;
import dev.tfsdeploy.pipeline.ImageBuild;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code tfs-deploy loadtest worker-image}: the load workers' image built and pushed once, e.g. by
 * the CLI's release workflow, for {@code loadtest --in-cluster --worker-image}.
 */
@Command(
    name = "worker-image",
    header = "Build and push the load workers' image (this CLI on a JRE).",
    sortOptions = false,
    usageHelpAutoWidth = true,
    description = {
      "Build the image `loadtest --in-cluster` runs its load workers from: this",
      "CLI's jar on a JRE base, with Jib (no Docker daemon), pushed to --to. stdout",
      "is the pushed image by digest, for --worker-image. Without this, loadtest",
      "--in-cluster builds it itself next to the experiment's image."
    })
final class LoadtestWorkerImageCommand extends StepCommand {
  @Option(
      names = "--to",
      paramLabel = "IMAGE",
      required = true,
      description =
          "Where to push it: REGISTRY/REPOSITORY[:TAG] (tag default: this CLI's version), e.g."
              + " ghcr.io/my-org/tfs-deploy-worker.")
  String to;

  @Option(
      names = "--worker-base",
      paramLabel = "IMAGE",
      defaultValue = WorkerImageRequest.DEFAULT_BASE,
      description = "The JRE image to build on (default: ${DEFAULT-VALUE}).")
  String workerBase;

  @Option(
      names = "--insecure-registry",
      description = "Allow plain-HTTP registries (local test registries).")
  boolean insecureRegistry;

  @Override
  public Integer call() {
    ImageReference target = ImageNames.parse(to, "--to");
    if (target.getDigest().isPresent()) {
      throw new UserError(
          "--to " + to + " names a digest, and a pushed image gets its own",
          "pass REGISTRY/REPOSITORY[:TAG]");
    }
    if (target.usesDefaultTag()) {
      target = target.withQualifier(WorkerImageRequest.defaultTag(VersionProvider.version()));
    }
    String image = new ImageBuild(context()).workerImage(workerBase, target, insecureRegistry);
    outputs().set("worker-image", image);
    console().result(image);
    return ExitCode.OK;
  }
}
