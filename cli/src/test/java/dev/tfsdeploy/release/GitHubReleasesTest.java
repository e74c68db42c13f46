package dev.tfsdeploy.release;

import static dev.tfsdeploy.release.GitHubFixtures.error;
import static dev.tfsdeploy.release.GitHubFixtures.notFound;
import static dev.tfsdeploy.release.GitHubFixtures.releaseList;
import static dev.tfsdeploy.release.GitHubFixtures.repository;
import static dev.tfsdeploy.release.GitHubTestKit.NOW;
import static dev.tfsdeploy.release.GitHubTestKit.REPO;
import static dev.tfsdeploy.release.GitHubTestKit.REPOSITORY;
import static dev.tfsdeploy.release.GitHubTestKit.TOKEN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tfsdeploy.UserError;
import dev.tfsdeploy.release.GitHubFixtures.ReleaseJson;
import java.io.IOException;
import java.time.Duration;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class GitHubReleasesTest {
  private GitHubTestKit github;

  @BeforeEach
  void startGitHub() throws IOException {
    github = new GitHubTestKit();
  }

  @AfterEach
  void stopGitHub() {
    github.close();
  }

  private ReleaseJson v1() {
    return new ReleaseJson("v1.0.0")
        .asset(github.apiUrl(), REPO, 11, "model.tar.gz", 2048, "sha256:" + "ab".repeat(32))
        .asset(github.apiUrl(), REPO, 12, "old.tar.gz", 512, null);
  }

  private static String fixOf(Throwable error) {
    return ((UserError) error).fix();
  }

  @Test
  void latestReleaseComesFromReleasesLatestWithGitHubsHeaders() throws Exception {
    github.api.enqueue(v1().response(github.apiUrl(), REPO));

    Release release = github.releases().latest(REPOSITORY, false);

    assertThat(release.tagName()).isEqualTo("v1.0.0");
    assertThat(release.assets())
        .containsExactly(
            new ReleaseAsset(
                11,
                "model.tar.gz",
                2048,
                "https://github.com/acme/models/releases/download/v1.0.0/model.tar.gz",
                "sha256:" + "ab".repeat(32)),
            new ReleaseAsset(
                12,
                "old.tar.gz",
                512,
                "https://github.com/acme/models/releases/download/v1.0.0/old.tar.gz",
                null));
    RecordedRequest request = github.takeRequest();
    assertThat(request.getMethod()).isEqualTo("GET");
    assertThat(request.getTarget()).isEqualTo("/repos/acme/models/releases/latest");
    assertThat(request.getHeaders().get("Accept")).isEqualTo("application/vnd.github+json");
    assertThat(request.getHeaders().get("X-GitHub-Api-Version")).isEqualTo("2022-11-28");
    assertThat(request.getHeaders().get("Authorization")).isEqualTo("Bearer " + TOKEN);
    assertThat(request.getHeaders().get("User-Agent")).isEqualTo("tfs-deploy/test");
    assertThat(github.events).containsExactly("release v1.0.0");
  }

  @Test
  void releaseByTagComesFromReleasesTags() throws Exception {
    github.api.enqueue(v1().response(github.apiUrl(), REPO));

    assertThat(github.releases().tagged(REPOSITORY, "v1.0.0").tagName()).isEqualTo("v1.0.0");
    assertThat(github.takeRequest().getTarget())
        .isEqualTo("/repos/acme/models/releases/tags/v1.0.0");
  }

  @Test
  void renamedRepositoryIsFollowedToItsNewHome() throws Exception {
    github.api.enqueue(
        error(301, "Moved Permanently")
            .newBuilder()
            .setHeader("Location", github.apiUrl().resolve("/repositories/1296269/releases/latest"))
            .build());
    github.api.enqueue(v1().response(github.apiUrl(), REPO));

    assertThat(github.releases().latest(REPOSITORY, false).tagName()).isEqualTo("v1.0.0");
    github.takeRequest();
    RecordedRequest moved = github.takeRequest();
    assertThat(moved.getTarget()).isEqualTo("/repositories/1296269/releases/latest");
    assertThat(moved.getHeaders().get("Authorization")).isEqualTo("Bearer " + TOKEN);
  }

  @Test
  void gitHubEnterpriseServerApiPathIsKept() throws Exception {
    try (GitHubTestKit enterprise = new GitHubTestKit("/api/v3/")) {
      enterprise.api.enqueue(v1().response(enterprise.apiUrl(), REPO));

      enterprise.releases().tagged(REPOSITORY, "v1.0.0");

      assertThat(enterprise.takeRequest().getTarget())
          .isEqualTo("/api/v3/repos/acme/models/releases/tags/v1.0.0");
    }
  }

  @Test
  void includingPrereleasesPicksTheNewestReleaseThatIsNotADraft() throws Exception {
    github.api.enqueue(
        releaseList(
            github.apiUrl(),
            REPO,
            new ReleaseJson("v3.0.0").draft(),
            new ReleaseJson("v2.0.0-rc1").prerelease(),
            v1()));

    Release release = github.releases().latest(REPOSITORY, true);

    assertThat(release.tagName()).isEqualTo("v2.0.0-rc1");
    assertThat(release.prerelease()).isTrue();
    assertThat(github.takeRequest().getTarget())
        .isEqualTo("/repos/acme/models/releases?per_page=100");
  }

  @Test
  void missingRepositorySaysSoAndNamesTheTokenAndItsPermission() {
    github.api.enqueue(notFound());
    github.api.enqueue(notFound());

    assertThatThrownBy(() -> github.releases().latest(REPOSITORY, false))
        .isInstanceOf(UserError.class)
        .hasMessageContaining("GitHub repository acme/models was not found")
        .hasMessageContaining("or the token cannot read it")
        .satisfies(e -> assertThat(fixOf(e)).contains("--repo", "GITHUB_TOKEN", "contents: read"));
    assertThat(github.api.getRequestCount()).isEqualTo(2);
    assertThat(github.sleeps).isEmpty();
  }

  @Test
  void repositoryWithoutReleasesSaysSo() throws Exception {
    github.api.enqueue(notFound());
    github.api.enqueue(repository(github.apiUrl(), REPO));

    assertThatThrownBy(() -> github.releases().latest(REPOSITORY, false))
        .isInstanceOf(UserError.class)
        .hasMessage(
            "acme/models has no published release that is not a prerelease (drafts do not count)")
        .satisfies(e -> assertThat(fixOf(e)).contains("--release-tag", "--include-prereleases"));
    github.takeRequest();
    assertThat(github.takeRequest().getTarget()).isEqualTo("/repos/acme/models");
  }

  @Test
  void onlyDraftsMeansNoReleasesEvenWithPrereleases() {
    github.api.enqueue(releaseList(github.apiUrl(), REPO, new ReleaseJson("v9").draft()));

    assertThatThrownBy(() -> github.releases().latest(REPOSITORY, true))
        .isInstanceOf(UserError.class)
        .hasMessage("acme/models has no published releases (drafts do not count)");
  }

  @Test
  void missingTagListsTheTagsOfRecentReleases() throws Exception {
    github.api.enqueue(notFound());
    github.api.enqueue(
        releaseList(
            github.apiUrl(),
            REPO,
            new ReleaseJson("v2.0.0"),
            new ReleaseJson("draft").draft(),
            v1()));

    assertThatThrownBy(() -> github.releases().tagged(REPOSITORY, "v9"))
        .isInstanceOf(UserError.class)
        .hasMessage("acme/models has no release tagged 'v9'")
        .satisfies(e -> assertThat(fixOf(e)).endsWith("latest release tags are: v2.0.0, v1.0.0"));
    github.takeRequest();
    assertThat(github.takeRequest().getTarget())
        .isEqualTo("/repos/acme/models/releases?per_page=10");
  }

  @Test
  void badCredentialsAreReportedAndNeverRetried() {
    github.api.enqueue(error(401, "Bad credentials"));

    assertThatThrownBy(() -> github.releases().latest(REPOSITORY, false))
        .isInstanceOf(UserError.class)
        .hasMessage("GitHub rejected the token: HTTP 401 (Bad credentials)")
        .satisfies(e -> assertThat(fixOf(e)).contains("GITHUB_TOKEN"));
    assertThat(github.api.getRequestCount()).isEqualTo(1);
    assertThat(github.sleeps).isEmpty();
  }

  @Test
  void forbiddenWithoutRateLimitIsNotRetriedAndNamesThePermission() {
    github.api.enqueue(error(403, "Resource not accessible by integration"));

    assertThatThrownBy(() -> github.releases().latest(REPOSITORY, false))
        .isInstanceOf(UserError.class)
        .hasMessageContaining("HTTP 403 (Resource not accessible by integration)")
        .satisfies(e -> assertThat(fixOf(e)).contains("contents: read"));
    assertThat(github.api.getRequestCount()).isEqualTo(1);
  }

  @Test
  void hostThatDoesNotResolveFailsAtOnceNamingItAndTheOfflineWay() {
    // RFC 6761: names under .invalid never resolve.
    try (GitHubHttp offline = github.httpAt("https://api.nonexistent.invalid/")) {
      assertThatThrownBy(() -> new GitHubReleases(offline).latest(REPOSITORY, false))
          .isInstanceOf(UserError.class)
          .hasMessage(
              "cannot reach GitHub: host api.nonexistent.invalid does not resolve (no network, or"
                  + " a wrong name)")
          .satisfies(e -> assertThat(fixOf(e)).contains("--github-api-url", "--archive"));
    }
    assertThat(github.sleeps).isEmpty();
  }

  @Test
  void serverErrorIsRetriedAfterABackoff() {
    github.api.enqueue(error(500, "Server Error"));
    github.api.enqueue(v1().response(github.apiUrl(), REPO));

    assertThat(github.releases().latest(REPOSITORY, false).tagName()).isEqualTo("v1.0.0");
    // First retry: 1 s ceiling, jitter 0.5 takes a quarter off.
    assertThat(github.sleeps).containsExactly(Duration.ofMillis(750));
    assertThat(github.events.get(0)).isEqualTo("retry 2/6 in 750ms: HTTP 500 from localhost");
  }

  @Test
  void tooManyRequestsWaitsAsLongAsRetryAfterSays() {
    github.api.enqueue(
        new MockResponse.Builder().code(429).setHeader("Retry-After", "7").body("").build());
    github.api.enqueue(v1().response(github.apiUrl(), REPO));

    github.releases().latest(REPOSITORY, false);

    assertThat(github.sleeps).containsExactly(Duration.ofSeconds(7));
  }

  @Test
  void retryAfterAsAnHttpDateWaitsUntilThen() {
    github.api.enqueue(
        new MockResponse.Builder()
            .code(503)
            .setHeader("Retry-After", "Mon, 02 Jun 2025 10:00:09 GMT")
            .build());
    github.api.enqueue(v1().response(github.apiUrl(), REPO));

    github.releases().latest(REPOSITORY, false);

    assertThat(github.sleeps).containsExactly(Duration.ofSeconds(9));
  }

  @Test
  void secondaryRateLimitWaitsAsLongAsRetryAfterSays() {
    github.api.enqueue(
        error(
                403,
                "You have exceeded a secondary rate limit. Please wait a few minutes before you try"
                    + " again.")
            .newBuilder()
            .setHeader("Retry-After", "60")
            .build());
    github.api.enqueue(v1().response(github.apiUrl(), REPO));

    github.releases().latest(REPOSITORY, false);

    assertThat(github.sleeps).containsExactly(Duration.ofSeconds(60));
  }

  @Test
  void secondaryRateLimitWithoutHeadersWaitsTheMinuteGitHubAdvises() {
    github.api.enqueue(error(403, "You have exceeded a secondary rate limit."));
    github.api.enqueue(v1().response(github.apiUrl(), REPO));

    github.releases().latest(REPOSITORY, false);

    assertThat(github.sleeps).containsExactly(Duration.ofMinutes(1));
  }

  @Test
  void exhaustedRateLimitWaitsUntilTheReset() {
    github.api.enqueue(
        error(403, "API rate limit exceeded for 203.0.113.7.")
            .newBuilder()
            .setHeader("X-RateLimit-Limit", "60")
            .setHeader("X-RateLimit-Remaining", "0")
            .setHeader("X-RateLimit-Reset", Long.toString(NOW.getEpochSecond() + 42))
            .build());
    github.api.enqueue(v1().response(github.apiUrl(), REPO));

    github.releases().latest(REPOSITORY, false);

    assertThat(github.sleeps).containsExactly(Duration.ofSeconds(42));
  }

  @Test
  void rateLimitResetBeyondTheWaitBudgetFailsAtOnceWithoutWaiting() {
    github.api.enqueue(
        error(403, "API rate limit exceeded for 203.0.113.7.")
            .newBuilder()
            .setHeader("X-RateLimit-Remaining", "0")
            .setHeader("X-RateLimit-Reset", Long.toString(NOW.getEpochSecond() + 3600))
            .build());

    assertThatThrownBy(() -> github.releases().latest(REPOSITORY, false))
        .isInstanceOf(UserError.class)
        .hasMessageContaining("rate limited by localhost (HTTP 403)")
        .hasMessageContaining("waiting 60min more would exceed the 5min this tool waits");
    assertThat(github.sleeps).isEmpty();
  }

  @Test
  void persistentServerErrorsGiveUpAfterTheLastAttempt() {
    for (int i = 0; i < 6; i++) {
      github.api.enqueue(error(503, "Service Unavailable"));
    }

    assertThatThrownBy(() -> github.releases().latest(REPOSITORY, false))
        .isInstanceOf(UserError.class)
        .hasMessage(
            "gave up reading /repos/acme/models/releases/latest after 6 attempts: HTTP 503 from"
                + " localhost");
    assertThat(github.sleeps)
        .containsExactly(
            Duration.ofMillis(750),
            Duration.ofMillis(1500),
            Duration.ofMillis(3000),
            Duration.ofMillis(6000),
            Duration.ofMillis(12000));
  }

  @Test
  void answerThatIsNotJsonPointsAtTheApiUrl() {
    github.api.enqueue(new MockResponse.Builder().code(200).body("<html>login</html>").build());

    assertThatThrownBy(() -> github.releases().latest(REPOSITORY, false))
        .isInstanceOf(UserError.class)
        .hasMessageContaining("is not the JSON the REST API sends")
        .satisfies(e -> assertThat(fixOf(e)).contains("GITHUB_API_URL"));
  }
}
