package dev.tfsdeploy.gcp;

import com.google.api.client.http.HttpResponseException;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a token endpoint's failed answer, as google-auth-library reports it, says about who failed:
 * the endpoint itself (HTTP 5xx, 429: worth running again) or the credentials (400, 401, 403).
 */
final class TokenEndpointAnswer {
  /** How google-auth-library reports the metadata server's HTTP status. */
  private static final Pattern STATUS_TEXT = Pattern.compile("Error code (\\d{3})");

  /**
   * An STS answer keeps only its OAuth error code; these two are the server's own failure (RFC 6749
   * 5.2).
   */
  private static final Pattern OAUTH_SERVER_FAILURE =
      Pattern.compile("^Error code (server_error|temporarily_unavailable)\\b");

  private static final String OAUTH_EXCEPTION = "com.google.auth.oauth2.OAuthException";

  private TokenEndpointAnswer() {}

  /** The HTTP status of the endpoint's answer, when the failure carries one. */
  static OptionalInt httpStatus(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof HttpResponseException response) {
        return OptionalInt.of(response.getStatusCode());
      }
    }
    for (Throwable t = failure; t != null; t = t.getCause()) {
      Matcher status = STATUS_TEXT.matcher(String.valueOf(t.getMessage()));
      if (status.find()) {
        return OptionalInt.of(Integer.parseInt(status.group(1)));
      }
    }
    return OptionalInt.empty();
  }

  /**
   * An answer in which the endpoint said it failed itself.
   *
   * @param status how it said so: "HTTP 503", "server_error"
   * @param detailed whether google-auth-library's message holds the answer (else it only says what
   *     it could not parse)
   */
  record EndpointFailure(String status, boolean detailed) {}

  /** How the endpoint said it failed itself, or empty when its answer judged the credentials. */
  static Optional<EndpointFailure> endpointFailure(Throwable failure) {
    OptionalInt status = httpStatus(failure);
    if (status.isPresent()) {
      int code = status.getAsInt();
      return code >= 500 || code == 429
          ? Optional.of(new EndpointFailure("HTTP " + code, true))
          : Optional.empty();
    }
    for (Throwable t = failure; t != null; t = t.getCause()) {
      Matcher oauth = OAUTH_SERVER_FAILURE.matcher(String.valueOf(t.getMessage()));
      if (oauth.find()) {
        return Optional.of(new EndpointFailure(oauth.group(1), true));
      }
      if (isUnreadableError(t)) {
        return Optional.of(
            new EndpointFailure(
                "an error object of Google's front ends, as they send with HTTP 5xx and 429",
                false));
      }
    }
    return Optional.empty();
  }

  /**
   * google-auth-library reads an STS error as OAuth's {@code {"error": "code"}}; Google's front
   * ends answer with {@code {"error": {"code": 503, ...}}}, which it fails on with a
   * ClassCastException (and the status is lost).
   */
  private static boolean isUnreadableError(Throwable t) {
    if (!(t instanceof ClassCastException)) {
      return false;
    }
    for (StackTraceElement frame : t.getStackTrace()) {
      if (frame.getClassName().equals(OAUTH_EXCEPTION)
          && frame.getMethodName().startsWith("create")) {
        return true;
      }
    }
    return false;
  }
}
