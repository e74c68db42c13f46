package dev.tfsdeploy.pipeline;

import dev.tfsdeploy.UserError;
import dev.tfsdeploy.actions.Console;
import dev.tfsdeploy.actions.ProgressMeter;
import dev.tfsdeploy.actions.StepOutputs;
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
import dev.tfsdeploy.text.Bytes;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * The download step as {@code download} and {@code run} both take it: find the release (a tag, or
 * the latest), pick the asset, download and verify it, and report it the same way.
 */
public final class ReleaseDownload {
  private final StepContext context;

  public ReleaseDownload(StepContext context) {
    this.context = context;
  }

  /**
   * Which asset of which release, and how to reach GitHub.
   *
   * @param tag the release tag; null or blank for the latest release
   * @param sha256 an expected SHA-256 in hex, or null
   * @param apiUrl the GitHub REST API, or null for the default
   * @param token a GitHub token, or null
   */
  public record Request(
      String repo,
      String assetPattern,
      String tag,
      boolean includePrereleases,
      String sha256,
      String apiUrl,
      String token) {}

  /** A downloaded asset and the release it came from. */
  public record Fetched(RepositoryName repository, Release release, DownloadedAsset file) {
    public String path() {
      return file.path().toAbsolutePath().normalize().toString();
    }
  }

  /**
   * Downloads the asset into {@code directory}; every argument is checked before the first request.
   */
  public Fetched into(Path directory, Request request) {
    RepositoryName repository = RepositoryName.parse(request.repo());
    AssetMatcher matcher = AssetMatcher.of(request.assetPattern());
    Optional<Sha256> expected =
        Optional.ofNullable(request.sha256())
            .filter(s -> !s.isBlank())
            .map(ReleaseDownload::parseSha256);
    GitHubEndpoint endpoint =
        GitHubEndpoint.of(request.apiUrl(), request.token(), context.userAgent());
    try (GitHubHttp http =
        new GitHubHttp(endpoint, RetryPolicy.standard(), new Progress(context.console()))) {
      GitHubReleases releases = new GitHubReleases(http);
      String tag = request.tag();
      Release release =
          tag == null || tag.isBlank()
              ? releases.latest(repository, request.includePrereleases())
              : releases.tagged(repository, tag);
      ReleaseAsset selected = matcher.select(release, repository);
      return new Fetched(
          repository,
          release,
          new AssetDownloader(http).download(repository, selected, directory, expected));
    }
  }

  /** Outputs {@code path}, {@code sha256}, {@code release-tag}, and a line of job summary. */
  public void report(Fetched fetched) {
    StepOutputs outputs = context.outputs();
    DownloadedAsset file = fetched.file();
    outputs.set("path", fetched.path());
    outputs.set("sha256", file.sha256().hex());
    outputs.set("release-tag", fetched.release().tagName());
    outputs.summary(
        "Downloaded `"
            + file.path().getFileName()
            + "` ("
            + Bytes.format(file.size())
            + ") from `"
            + fetched.repository()
            + "` release `"
            + fetched.release().tagName()
            + "`, SHA-256 `"
            + file.sha256()
            + "`"
            + (file.verifiedAgainst() == null
                ? ""
                : " (verified against " + file.verifiedAgainst() + ")"));
  }

  /** How a retry is announced: "HTTP 503 from …; retrying in 1.0s (attempt 2 of 6)". */
  static String retryLine(String reason, Duration delay, int nextAttempt, int maxAttempts) {
    return reason
        + "; retrying in "
        + String.format(Locale.ROOT, "%.1fs", delay.toMillis() / 1000.0)
        + " (attempt "
        + nextAttempt
        + " of "
        + maxAttempts
        + ")";
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
          "Release "
              + release.tagName()
              + " of "
              + repo
              + (release.prerelease() ? " (prerelease)" : ""));
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
      console.warn(retryLine(reason, delay, nextAttempt, maxAttempts));
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
              ? "SHA-256 "
                  + asset.sha256()
                  + " (GitHub publishes no digest for this asset;"
                  + " pass --sha256 to verify it)"
              : "SHA-256 " + asset.sha256() + " verified against " + asset.verifiedAgainst());
    }
  }
}
