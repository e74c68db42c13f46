package dev.tfsdeploy.release;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import dev.tfsdeploy.UserError;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import okhttp3.HttpUrl;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Finds releases through GitHub's REST API: by tag, or the latest one. A 404 from GitHub means
 * several things (no such repository, no access, no releases, no such tag); this class asks
 * follow-up questions to tell the user which one it is.
 */
public final class GitHubReleases {
  private static final String JSON_MEDIA_TYPE = "application/vnd.github+json";
  // Enough to find the newest published release among drafts; GitHub lists newest first.
  private static final int PAGE_SIZE = 100;
  private static final int TAGS_TO_SUGGEST = 10;

  private static final ObjectMapper MAPPER =
      new ObjectMapper()
          .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
          .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  private final GitHubHttp http;

  public GitHubReleases(GitHubHttp http) {
    this.http = http;
  }

  /** The release with tag {@code tag}. */
  public Release tagged(RepositoryName repo, String tag) {
    Release release =
        get(repo, Release.class, "releases", "tags", tag).orElseThrow(() -> tagNotFound(repo, tag));
    return found(repo, release);
  }

  /**
   * The latest release: GitHub's "latest" (newest non-draft, non-prerelease), or with {@code
   * includePrereleases} the newest non-draft release of any kind.
   */
  public Release latest(RepositoryName repo, boolean includePrereleases) {
    Release release;
    if (includePrereleases) {
      // GitHub's /releases/latest never returns a prerelease, so look through the list instead.
      release =
          listOrFail(repo, PAGE_SIZE).stream()
              .filter(candidate -> !candidate.draft())
              .findFirst()
              .orElseThrow(() -> noReleases(repo, true));
    } else {
      release =
          get(repo, Release.class, "releases", "latest")
              .orElseThrow(() -> whyNoLatestRelease(repo));
    }
    return found(repo, release);
  }

  private Release found(RepositoryName repo, Release release) {
    http.listener().releaseFound(repo, release);
    return release;
  }

  /** /releases/latest answers 404 both for a missing repository and for one without releases. */
  private UserError whyNoLatestRelease(RepositoryName repo) {
    boolean exists =
        get(repo, http.endpoint().repoUrl(repo), MAPPER.constructType(JsonNode.class)).isPresent();
    return exists
        ? noReleases(repo, false)
        : GitHubErrors.repositoryNotFound(repo, http.endpoint());
  }

  /** The newest releases, newest first (drafts only with push access). */
  private List<Release> listOrFail(RepositoryName repo, int pageSize) {
    JavaType releases = MAPPER.getTypeFactory().constructCollectionType(List.class, Release.class);
    HttpUrl url =
        http.endpoint()
            .repoUrl(repo, "releases")
            .newBuilder()
            .addQueryParameter("per_page", Integer.toString(pageSize))
            .build();
    return this.<List<Release>>get(repo, url, releases)
        .orElseThrow(() -> GitHubErrors.repositoryNotFound(repo, http.endpoint()));
  }

  private UserError noReleases(RepositoryName repo, boolean includePrereleases) {
    return includePrereleases
        ? new UserError(
            repo + " has no published releases (drafts do not count)",
            "publish a release with the model archive attached")
        : new UserError(
            repo + " has no published release that is not a prerelease (drafts do not count)",
            "publish a release, pass --release-tag TAG, or pass --include-prereleases to accept a"
                + " prerelease");
  }

  private UserError tagNotFound(RepositoryName repo, String tag) {
    List<String> tags =
        listOrFail(repo, TAGS_TO_SUGGEST).stream()
            .filter(release -> !release.draft())
            .map(Release::tagName)
            .toList();
    return new UserError(
        repo + " has no release tagged '" + tag + "'",
        tags.isEmpty()
            ? "the repository has no published releases; publish one with the model archive"
                + " attached"
            : "check --release-tag; its latest release tags are: " + String.join(", ", tags));
  }

  private <T> Optional<T> get(RepositoryName repo, Class<T> type, String... segments) {
    return get(repo, http.endpoint().repoUrl(repo, segments), MAPPER.constructType(type));
  }

  /**
   * GETs JSON; empty on 404 (the caller knows what was missing), an error on any other failure. A
   * connection lost while reading the answer is retried like any other transient failure.
   */
  private <T> Optional<T> get(RepositoryName repo, HttpUrl url, JavaType type) {
    Request request = new Request.Builder().url(url).header("Accept", JSON_MEDIA_TYPE).build();
    String operation = "reading " + url.encodedPath();
    Retries retries = http.retries();
    while (true) {
      try (Response response = http.send(request, retries, operation)) {
        if (response.code() == 404) {
          return Optional.empty();
        }
        if (response.code() != 200) {
          throw GitHubErrors.of(response, repo, http.endpoint());
        }
        return Optional.of(MAPPER.readValue(response.body().byteStream(), type));
      } catch (JsonProcessingException e) {
        throw new UserError(
            "GitHub's answer for " + url.encodedPath() + " is not the JSON the REST API sends",
            "check that --github-api-url (or GITHUB_API_URL) points at the GitHub REST API",
            e);
      } catch (IOException e) {
        retries.awaitNextAttempt(
            operation,
            "connection lost while reading the answer: " + e.getMessage(),
            Optional.empty());
      }
    }
  }
}
