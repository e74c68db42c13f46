package dev.tfsdeploy.cli;

import dev.tfsdeploy.UserError;
import dev.tfsdeploy.actions.Bytes;
import dev.tfsdeploy.actions.Console;
import dev.tfsdeploy.actions.ProgressMeter;
import dev.tfsdeploy.release.AssetDownloader;
import dev.tfsdeploy.release.AssetMatcher;
import dev.tfsdeploy.release.DownloadListener;
import dev.tfsdeploy.release.DownloadedAsset;
import dev.tfsdeploy.release.GitHubEndpoint;
import dev.tfsdeploy.release.GitHubHttp;
import dev.tfsdeploy.release.GitHubReleases;
import dev.tfsdeploy.release.Release;
import dev.tfsdeploy.release.ReleaseAsset;
import dev.tfsdeploy.release.RepositoryName;
import dev.tfsdeploy.release.RetryPolicy;
import dev.tfsdeploy.release.Sha256;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
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
    String repoText = require(repo, "--repo");
    String assetPattern = require(asset, "--asset");
    RepositoryName repository = RepositoryName.parse(repoText);
    AssetMatcher matcher = AssetMatcher.of(assetPattern);
    Optional<Sha256> expected = Optional.ofNullable(sha256).map(DownloadCommand::parseSha256);
    Path directory = out == null ? Path.of(".") : out;
    GitHubEndpoint endpoint = GitHubEndpoint.of(githubApiUrl, token, "tfs-deploy/" + VersionProvider.version());

    Progress progress = new Progress(console());
    DownloadedAsset file;
    Release release;
    try (GitHubHttp http = new GitHubHttp(endpoint, RetryPolicy.standard(), progress)) {
      GitHubReleases releases = new GitHubReleases(http);
      release = tag == null ? releases.latest(repository, includePrereleases) : releases.tagged(repository, tag);
      ReleaseAsset selected = matcher.select(release, repository);
      file = new AssetDownloader(http).download(repository, selected, directory, expected);
    }

    String path = file.path().toAbsolutePath().normalize().toString();
    console().result(path);
    outputs().set("path", path);
    outputs().set("sha256", file.sha256().hex());
    outputs().set("release-tag", release.tagName());
    outputs()
        .summary(
            "Downloaded `" + file.path().getFileName() + "` (" + Bytes.format(file.size()) + ") from `"
                + repository + "` release `" + release.tagName() + "`, SHA-256 `" + file.sha256() + "`"
                + (file.verifiedAgainst() == null ? "" : " (verified against " + file.verifiedAgainst() + ")"));
    return ExitCode.OK;
  }

  private static Sha256 parseSha256(String text) {
    try {
      return Sha256.parse(text);
    } catch (IllegalArgumentException e) {
      throw new UserError(
          "--sha256 '" + text + "' is not a SHA-256 digest",
          "give 64 hex digits, as printed by `sha256sum`");
    }
  }

  /** Shows the download's events on the console: log lines, and a progress bar or lines. */
  private static final class Progress implements DownloadListener {
    private final Console console;
    private ProgressMeter meter;

    Progress(Console console) {
      this.console = console;
    }

    @Override
    public void releaseFound(RepositoryName repo, Release release) {
      console.info(
          "Release " + release.tagName() + " of " + repo + (release.prerelease() ? " (prerelease)" : ""));
    }

    @Override
    public void downloadStarted(ReleaseAsset asset) {
      console.info("Downloading " + asset.name() + " (" + Bytes.format(asset.size()) + ")");
      meter = new ProgressMeter(console, asset.name(), asset.size());
    }

    @Override
    public void progress(long done, long total) {
      meter.update(done);
    }

    @Override
    public void retrying(String reason, Duration delay, int nextAttempt, int maxAttempts) {
      console.warn(
          reason + "; retrying in " + String.format(Locale.ROOT, "%.1fs", delay.toMillis() / 1000.0)
              + " (attempt " + nextAttempt + " of " + maxAttempts + ")");
    }

    @Override
    public void resumed(long offset) {
      console.info("Resuming at " + Bytes.format(offset));
    }

    @Override
    public void restarted(String reason) {
      console.warn("Restarting the download from the beginning: " + reason);
    }

    @Override
    public void downloadFinished(DownloadedAsset asset) {
      meter.finish(asset.size());
      console.info(
          asset.verifiedAgainst() == null
              ? "SHA-256 " + asset.sha256() + " (GitHub publishes no digest for this asset;"
                  + " pass --sha256 to verify it)"
              : "SHA-256 " + asset.sha256() + " verified against " + asset.verifiedAgainst());
    }
  }
}
