package dev.tfsdeploy.cli;

import dev.tfsdeploy.pipeline.ReleaseDownload;
import dev.tfsdeploy.release.GitHubEndpoint;
import picocli.CommandLine.Help.Visibility;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * Which release asset to fetch and how to reach GitHub (a picocli mixin shared by download and run,
 * so both spell the options, their variables and their help the same way).
 */
final class ReleaseOptions {
  @Spec(Spec.Target.MIXEE)
  private CommandSpec command;

  @Option(
      names = "--repo",
      paramLabel = "OWNER/NAME",
      description =
          "Repository of the model release (env MODEL_RELEASE_REPO); also recorded as provenance.")
  private String repo;

  @Option(
      names = "--asset",
      paramLabel = "NAME",
      description =
          "The release asset: a file name or a glob matching exactly one asset (env"
              + " MODEL_RELEASE_FILE).")
  private String asset;

  @Option(
      names = "--release-tag",
      paramLabel = "TAG",
      description = "The release (default: the latest release).")
  private String releaseTag;

  @Option(
      names = "--include-prereleases",
      description = "Let the latest release be a prerelease (drafts never count).")
  private boolean includePrereleases;

  @Option(
      names = "--sha256",
      paramLabel = "HEX",
      description = "The asset's expected SHA-256; checked in addition to GitHub's own digest.")
  private String sha256;

  @Option(
      names = "--github-api-url",
      paramLabel = "URL",
      description =
          "The GitHub REST API (env GITHUB_API_URL; default "
              + GitHubEndpoint.DEFAULT_API_URL
              + ").")
  private String githubApiUrl;

  private String token;

  /**
   * A setter, so the token is masked the moment picocli reads it, before anything could print it.
   */
  @Option(
      names = "--token",
      paramLabel = "TOKEN",
      showDefaultValue = Visibility.NEVER,
      description =
          "A GitHub token for private repositories and higher rate limits (env GITHUB_TOKEN).")
  void setToken(String value) {
    if (value != null) {
      ((StepCommand) command.userObject()).console().mask(value);
    }
    token = value;
  }

  String repo() {
    return repo;
  }

  String releaseTag() {
    return releaseTag;
  }

  boolean assetGiven() {
    return asset != null && !asset.isBlank();
  }

  /** Takes the release tag a deprecated option gave, unless --release-tag gave one. */
  void releaseTagFromDeprecated(String tag) {
    if (releaseTag == null || releaseTag.isBlank()) {
      releaseTag = tag;
    }
  }

  /**
   * The download these options describe; a missing --repo or --asset is a usage error naming its
   * variables.
   */
  ReleaseDownload.Request toRequest() {
    return new ReleaseDownload.Request(
        required(repo, "--repo"),
        required(asset, "--asset"),
        releaseTag,
        includePrereleases,
        sha256,
        githubApiUrl,
        token);
  }

  private String required(String value, String option) {
    if (value == null || value.isBlank()) {
      throw new ParameterException(
          command.commandLine(), "missing " + EnvironmentDefaults.describe(option));
    }
    return value;
  }
}
