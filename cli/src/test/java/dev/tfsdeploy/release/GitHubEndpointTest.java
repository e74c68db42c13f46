package dev.tfsdeploy.release;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tfsdeploy.UserError;
import okhttp3.HttpUrl;
import org.junit.jupiter.api.Test;

class GitHubEndpointTest {
  private static final RepositoryName REPO = RepositoryName.parse("acme/models");

  @Test
  void defaultsToGitHubDotCom() {
    GitHubEndpoint endpoint = GitHubEndpoint.of(null, null, "ua");

    assertThat(endpoint.repoUrl(REPO, "releases", "latest"))
        .hasToString("https://api.github.com/repos/acme/models/releases/latest");
    assertThat(endpoint.token()).isEmpty();
  }

  @Test
  void enterpriseBasePathWorksWithAndWithoutTrailingSlash() {
    assertThat(
            GitHubEndpoint.of("https://ghe.example.com/api/v3", "t0ken", "ua")
                .repoUrl(REPO, "releases"))
        .hasToString("https://ghe.example.com/api/v3/repos/acme/models/releases");
    assertThat(
            GitHubEndpoint.of("https://ghe.example.com/api/v3/", "t0ken", "ua")
                .repoUrl(REPO, "releases"))
        .hasToString("https://ghe.example.com/api/v3/repos/acme/models/releases");
  }

  @Test
  void tagWithASlashStaysOnePathSegment() {
    assertThat(
            GitHubEndpoint.of(null, null, "ua")
                .repoUrl(REPO, "releases", "tags", "models/v1")
                .encodedPath())
        .isEqualTo("/repos/acme/models/releases/tags/models%2Fv1");
  }

  @Test
  void onlyTheApisOwnSchemeHostAndPortCountAsTheApi() {
    GitHubEndpoint endpoint = GitHubEndpoint.of("https://api.github.com", "t0ken", "ua");

    assertThat(endpoint.isApiOrigin(HttpUrl.get("https://api.github.com/repos/a/b"))).isTrue();
    assertThat(endpoint.isApiOrigin(HttpUrl.get("https://API.GITHUB.COM/x"))).isTrue();
    assertThat(endpoint.isApiOrigin(HttpUrl.get("https://objects.githubusercontent.com/x")))
        .isFalse();
    assertThat(endpoint.isApiOrigin(HttpUrl.get("http://api.github.com/x"))).isFalse();
    assertThat(endpoint.isApiOrigin(HttpUrl.get("https://api.github.com:8443/x"))).isFalse();
    assertThat(endpoint.isApiOrigin(HttpUrl.get("https://api.github.com.evil.example/x")))
        .isFalse();
  }

  @Test
  void urlThatIsNotHttpIsAUserErrorNamingTheVariable() {
    assertThatThrownBy(() -> GitHubEndpoint.of("ftp://example.com", null, "ua"))
        .isInstanceOf(UserError.class)
        .hasMessage("GitHub API URL 'ftp://example.com' is not an http(s) URL")
        .satisfies(e -> assertThat(((UserError) e).fix()).contains("GITHUB_API_URL"));
  }

  @Test
  void tokenIsNeverPartOfTheEndpointsText() {
    assertThat(GitHubEndpoint.of(null, "ghp_secret123", "ua").toString())
        .doesNotContain("ghp_secret123");
  }
}
