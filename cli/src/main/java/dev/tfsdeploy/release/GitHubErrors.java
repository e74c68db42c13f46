package dev.tfsdeploy.release;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tfsdeploy.UserError;
import java.io.IOException;
import okhttp3.Response;

/** Turns GitHub's final error responses into errors that say what is wrong and what to do. */
final class GitHubErrors {
  private static final ObjectMapper JSON = new ObjectMapper();

  private GitHubErrors() {}

  /** The error for a status that has no more specific meaning where it happened. */
  static UserError of(Response response, RepositoryName repo, GitHubEndpoint endpoint) {
    String detail = detail(response);
    return switch (response.code()) {
      case 401 ->
          new UserError(
              "GitHub rejected the token: HTTP 401" + detail,
              "GITHUB_TOKEN (or --token) is wrong, expired or revoked; give a valid token,"
                  + " or none for a public repository");
      case 403 ->
          new UserError(
              "GitHub refused access to " + repo + ": HTTP 403" + detail,
              tokenAdvice(endpoint)
                  + " (fine-grained tokens need the `contents: read` permission"
                  + " on "
                  + repo
                  + ")");
      case 404 -> repositoryNotFound(repo, endpoint);
      default ->
          new UserError(
              "GitHub answered HTTP "
                  + response.code()
                  + " for "
                  + response.request().url()
                  + detail,
              "check --github-api-url (or GITHUB_API_URL); if it is right, try again later");
    };
  }

  static UserError repositoryNotFound(RepositoryName repo, GitHubEndpoint endpoint) {
    return new UserError(
        "GitHub repository "
            + repo
            + " was not found at "
            + endpoint.apiUrl()
            + ", or the token cannot read it",
        "check --repo (or MODEL_RELEASE_REPO); for a private repository "
            + tokenAdvice(endpoint)
            + " (fine-grained tokens and GITHUB_TOKEN in Actions need `contents: read`)");
  }

  private static String tokenAdvice(GitHubEndpoint endpoint) {
    return endpoint.token().isPresent()
        ? "make sure the token in GITHUB_TOKEN (or --token) has access to it"
        : "no token was given: set GITHUB_TOKEN (or --token) to a token with access to it";
  }

  /** ": <GitHub's message>" from the JSON error body, or "" when there is none. */
  private static String detail(Response response) {
    try {
      JsonNode body = JSON.readTree(response.peekBody(16 * 1024).string());
      String message = body == null ? "" : body.path("message").asText("");
      return message.isBlank() ? "" : " (" + message.strip() + ")";
    } catch (IOException | RuntimeException notJson) {
      return "";
    }
  }
}
