package dev.tfsdeploy.cli;

import dev.tfsdeploy.pipeline.ReleaseDownload;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code tfs-deploy download}: one asset of a GitHub release onto disk, verified. */
@Command(
    name = "download",
    header = "Download a release asset from GitHub and verify its SHA-256.",
    sortOptions = false,
    usageHelpAutoWidth = true,
    description = {
      "Download a release asset from GitHub through the REST API, verify its SHA-256 and print its"
          + " path.",
      "Retries transient failures, resumes dropped transfers, and never leaves a partial file"
          + " behind."
    })
final class DownloadCommand extends StepCommand {
  @Mixin ReleaseOptions release;

  // The release tag's old name here; in build-image and run --tag (TFS_DEPLOY_TAG) was the image
  // tag's, now --image-tag (TFS_DEPLOY_IMAGE_TAG).
  @Option(
      names = "--tag",
      paramLabel = "TAG",
      hidden = true,
      description = "Deprecated: --release-tag.")
  String deprecatedTag;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      description = "Where to put the file (default: the current directory).")
  Path out;

  @Override
  public Integer call() {
    if (deprecatedTag != null && !deprecatedTag.isBlank()) {
      console()
          .warn(
              "download's --tag (TFS_DEPLOY_TAG) is deprecated: use --release-tag"
                  + " (TFS_DEPLOY_RELEASE_TAG); image tags are --image-tag (TFS_DEPLOY_IMAGE_TAG)");
      release.releaseTagFromDeprecated(deprecatedTag);
    }
    // Both required options first: a missing one is a usage error whatever else is wrong.
    ReleaseDownload.Request request = release.toRequest();
    ReleaseDownload download = new ReleaseDownload(context());
    ReleaseDownload.Fetched fetched = download.into(out == null ? Path.of(".") : out, request);
    console().result(fetched.path());
    download.report(fetched);
    return ExitCode.OK;
  }
}
