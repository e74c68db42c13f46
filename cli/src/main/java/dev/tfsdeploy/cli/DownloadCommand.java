package dev.tfsdeploy.cli;

import dev.tfsdeploy.pipeline.GcsDownload;
import dev.tfsdeploy.pipeline.ReleaseDownload;
import dev.tfsdeploy.storage.GcsModelDownload;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code tfs-deploy download}: one asset of a GitHub release onto disk, verified. */
@Command(
    name = "download",
    header = "Download a release asset from GitHub (or a model from Cloud Storage) and verify it.",
    sortOptions = false,
    usageHelpAutoWidth = true,
    description = {
      "Download a release asset from GitHub through the REST API, verify its SHA-256 and print its"
          + " path.",
      "Retries transient failures, resumes dropped transfers, and never leaves a partial file"
          + " behind.",
      "With --model-uri, downloads from Cloud Storage instead: an archive object in parallel"
          + " ranges, verified against its CRC-32C, or the objects of a SavedModel"
          + " prefix, placed and validated as 'extract' places an archive (DIR/NAME/<version>/)."
    })
final class DownloadCommand extends StepCommand {
  @Mixin ReleaseOptions release;
  @Mixin ModelUriOption modelUri;

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
    Path directory = out == null ? Path.of(".") : out;
    modelUri.refuseWith(release.assetGiven(), "a release asset (--asset)");
    if (modelUri.given()) {
      GcsDownload download = new GcsDownload(context());
      GcsModelDownload.Fetched fetched = download.into(directory, null, modelUri.toRequest(null));
      console().result(fetched.path().toAbsolutePath().normalize().toString());
      download.report(fetched);
      return ExitCode.OK;
    }
    // Both required options first: a missing one is a usage error whatever else is wrong.
    ReleaseDownload.Request request = release.toRequest();
    ReleaseDownload download = new ReleaseDownload(context());
    ReleaseDownload.Fetched fetched = download.into(directory, request);
    console().result(fetched.path());
    download.report(fetched);
    return ExitCode.OK;
  }
}
