package dev.tfsdeploy.release;

import dev.tfsdeploy.UserError;
import java.util.Optional;
import okhttp3.HttpUrl;

/**
 * Where the GitHub REST API is ({@code https://api.github.com}, or {@code https://HOST/api/v3} on
 * GitHub Enterprise Server) and who we are to it.
 *
 * @param token sent only to the API's own origin (scheme, host and port), never to the storage host
 *     a download redirects to
 */
public record GitHubEndpoint(HttpUrl apiUrl, Optional<String> token, String userAgent) {
  public static final String DEFAULT_API_URL = "https://api.github.com";

  /** Builds the endpoint from user input; a null or blank URL means github.com. */
  public static GitHubEndpoint of(String apiUrl, String token, String userAgent) {
    String text = apiUrl == null || apiUrl.isBlank() ? DEFAULT_API_URL : apiUrl.strip();
    HttpUrl url = HttpUrl.parse(text);
    if (url == null) {
      throw new UserError(
          "GitHub API URL '" + text + "' is not an http(s) URL",
          "set --github-api-url (or GITHUB_API_URL) to e.g. https://api.github.com"
              + " or https://HOST/api/v3 for GitHub Enterprise Server");
    }
    Optional<String> credentials =
        token == null || token.isBlank() ? Optional.empty() : Optional.of(token.strip());
    return new GitHubEndpoint(url, credentials, userAgent);
  }

  /** {@code <api>/repos/<owner>/<name>/<segments...>}, each segment escaped. */
  HttpUrl repoUrl(RepositoryName repo, String... segments) {
    // OkHttp fills a trailing empty segment first, so ".../api/v3" and ".../api/v3/" both work.
    HttpUrl.Builder url = apiUrl.newBuilder();
    url.addPathSegment("repos").addPathSegment(repo.owner()).addPathSegment(repo.name());
    for (String segment : segments) {
      url.addPathSegment(segment);
    }
    return url.build();
  }

  /** True when {@code url} is on the API's origin, the only place the token may go. */
  boolean isApiOrigin(HttpUrl url) {
    return url.scheme().equals(apiUrl.scheme())
        && url.host().equalsIgnoreCase(apiUrl.host())
        && url.port() == apiUrl.port();
  }

  @Override
  public String toString() {
    // Never print the token, not even by accident in a debug line.
    return "GitHubEndpoint[" + apiUrl + (token.isPresent() ? ", with token" : "") + "]";
  }
}
