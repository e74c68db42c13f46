package dev.tfsdeploy.image.registry;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import okhttp3.Authenticator;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.Route;

/**
 * The {@code Authorization} a session sends to its registry, and its renewal. A Bearer token
 * expires (Docker Hub's after five minutes, while a large model may take longer to send); the
 * registry then answers 401 with its challenge, and OkHttp asks this {@link Authenticator} for the
 * call again: the token service is asked once more and the call repeated with the new token. Not an
 * upload: its content is produced as it is sent and cannot be sent twice (OkHttp does not repeat a
 * one-shot body; the caller leaves that layer to Jib). Basic and anonymous logins are never
 * renewed.
 */
final class SessionLogin implements Authenticator {
  private final HttpUrl registry;
  private final Optional<TokenSource> renewal;
  private Optional<String> header;

  private SessionLogin(HttpUrl registry, Optional<String> header, Optional<TokenSource> renewal) {
    this.registry = registry;
    this.header = header;
    this.renewal = renewal;
  }

  /** A login sent as it is, or none. */
  static SessionLogin fixed(HttpUrl registry, Optional<String> header) {
    return new SessionLogin(registry, header, Optional.empty());
  }

  /**
   * A Bearer token, renewed from the token service of {@code challenge} when the registry refuses
   * it.
   */
  static SessionLogin bearer(
      HttpUrl registry,
      OkHttpClient tokenClient,
      AuthChallenge challenge,
      List<String> scopes,
      RegistryAccess access)
      throws IOException {
    TokenSource source =
        refused -> TokenExchange.token(tokenClient, refused.orElse(challenge), scopes, access);
    return new SessionLogin(
        registry, Optional.of("Bearer " + source.token(Optional.empty())), Optional.of(source));
  }

  /** The header value to send now. */
  synchronized Optional<String> header() {
    return header;
  }

  @Override
  public synchronized Request authenticate(Route route, Response response) throws IOException {
    Request refused = response.request();
    if (renewal.isEmpty() || response.priorResponse() != null || !onRegistry(refused.url())) {
      return null; // nothing to renew, renewed once for this call already, or not the registry's
      // answer
    }
    Optional<String> sent = Optional.ofNullable(refused.header("Authorization"));
    if (sent.equals(header)) {
      Optional<AuthChallenge> challenge =
          AuthChallenge.parse(response.header("WWW-Authenticate"))
              .filter(c -> c.scheme().equals("bearer"));
      header = Optional.of("Bearer " + renewal.get().token(challenge));
    } // else another call renewed it meanwhile: send the current one
    return refused.newBuilder().header("Authorization", header.get()).build();
  }

  private boolean onRegistry(HttpUrl url) {
    return url.host().equals(registry.host()) && url.port() == registry.port();
  }

  /** A new token, from the challenge a refusal carried (or the session's first one). */
  @FunctionalInterface
  private interface TokenSource {
    String token(Optional<AuthChallenge> refused) throws IOException;
  }
}
