package dev.tfsdeploy.release;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.HttpUrl;

/**
 * A GitHub API on a MockWebServer ("localhost") and the real client pointed at it, with time under
 * the test's control: the retry policy is the standard one except that its sleeps are recorded
 * instead of slept, and "now" is fixed.
 */
final class GitHubTestKit implements AutoCloseable {
  static final String TOKEN = "ghp_T0kenThatMustNeverLeakX9aBcDeFgHiJkLmN";
  static final String REPO = "acme/models";
  static final RepositoryName REPOSITORY = RepositoryName.parse(REPO);
  static final Instant NOW = Instant.parse("2025-06-02T10:00:00Z");

  final MockWebServer api = new MockWebServer();
  final List<Duration> sleeps = Collections.synchronizedList(new ArrayList<>());
  final List<String> events = Collections.synchronizedList(new ArrayList<>());
  final GitHubHttp http;

  GitHubTestKit() throws IOException {
    this("/");
  }

  /**
   * @param basePath "/" for github.com, "/api/v3/" for GitHub Enterprise Server
   */
  GitHubTestKit(String basePath) throws IOException {
    api.start();
    http = httpAt(api.url(basePath).toString());
  }

  /** A connection to GitHub at {@code apiUrl}, with this kit's retry policy and recordings. */
  GitHubHttp httpAt(String apiUrl) {
    RetryPolicy policy =
        new RetryPolicy(
            6,
            Duration.ofSeconds(1),
            Duration.ofSeconds(30),
            Duration.ofMinutes(5),
            Clock.fixed(NOW, ZoneOffset.UTC),
            sleeps::add,
            () -> 0.5);
    GitHubEndpoint endpoint = GitHubEndpoint.of(apiUrl, TOKEN, "tfs-deploy/test");
    return new GitHubHttp(endpoint, policy, new RecordingListener());
  }

  HttpUrl apiUrl() {
    return http.endpoint().apiUrl();
  }

  RecordedRequest takeRequest() throws InterruptedException {
    return api.takeRequest();
  }

  GitHubReleases releases() {
    return new GitHubReleases(http);
  }

  AssetDownloader downloader() {
    return new AssetDownloader(http);
  }

  @Override
  public void close() {
    http.close();
    api.close();
  }

  /** Notes the events a download reports, in order. */
  private final class RecordingListener implements DownloadListener {
    @Override
    public void releaseFound(RepositoryName repo, Release release) {
      events.add("release " + release.tagName());
    }

    @Override
    public void retrying(String reason, Duration delay, int nextAttempt, int maxAttempts) {
      events.add(
          "retry " + nextAttempt + "/" + maxAttempts + " in " + delay.toMillis() + "ms: " + reason);
    }

    @Override
    public void resumed(long offset) {
      events.add("resumed at " + offset);
    }

    @Override
    public void restarted(String reason) {
      events.add("restarted: " + reason);
    }

    @Override
    public void downloadFinished(DownloadedAsset asset) {
      events.add("finished " + asset.path().getFileName());
    }
  }
}
