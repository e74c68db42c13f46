package dev.tfsdeploy.cli;

import dev.tfsdeploy.release.GitHubEndpoint;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Help.Visibility;
import picocli.CommandLine.Option;

/** {@code tfs-deploy download}: one asset of a GitHub release onto disk, verified. */
@Command(
    name = "download",
    header = "Download a release asset from GitHub and verify its SHA-256.",
    sortOptions = false,
    usageHelpAutoWidth = true,
    description = {
      "Download a release asset from GitHub through the REST API, verify its SHA-256 and print its path.",
      "Retries transient failures, resumes dropped transfers, and never leaves a partial file behind."
    })
final class DownloadCommand extends StepCommand {
  @Option(names = "--repo", paramLabel = "OWNER/NAME", description = "The repository (env MODEL_RELEASE_REPO).")
  String repo;

  @Option(
      names = "--asset",
      paramLabel = "NAME",
      description = "The asset's file name, or a glob matching exactly one asset (env MODEL_RELEASE_FILE).")
  String asset;

  @Option(names = "--tag", paramLabel = "TAG", description = "The release tag (default: the latest release).")
  String tag;

  @Option(
      names = "--include-prereleases",
      description = "Let the latest release be a prerelease (drafts never count).")
  boolean includePrereleases;

  @Option(names = "--out", paramLabel = "DIR", description = "Where to put the file (default: the current directory).")
  Path out;

  @Option(
      names = "--sha256",
      paramLabel = "HEX",
      description = "The asset's expected SHA-256; checked in addition to GitHub's own digest.")
  String sha256;

  @Option(
      names = "--github-api-url",
      paramLabel = "URL",
      description = "The GitHub REST API (env GITHUB_API_URL; default " + GitHubEndpoint.DEFAULT_API_URL + ").")
  String githubApiUrl;

  private String token;

  /** A setter, so the token is masked the moment picocli reads it, before anything could print it. */
  @Option(
      names = "--token",
      paramLabel = "TOKEN",
      showDefaultValue = Visibility.NEVER,
      description = "A GitHub token for private repositories and higher rate limits (env GITHUB_TOKEN).")
  void setToken(String value) {
    if (value != null) {
      console().mask(value);
    }
    token = value;
  }

  @Override
  public Integer call() {
    // Both required options first: a missing one is a usage error whatever else is wrong.
    ReleaseFetch fetch =
        new ReleaseFetch(require(repo, "--repo"), require(asset, "--asset"), tag, includePrereleases, sha256, githubApiUrl, token);
    ReleaseFetch.Fetched fetched = fetch.into(out == null ? Path.of(".") : out, console());
    console().result(fetched.path());
    fetched.report(outputs());
    return ExitCode.OK;
  }
}
