package dev.tfsdeploy.gcp;

import com.google.auth.http.HttpTransportFactory;
import com.google.auth.oauth2.AccessToken;
import com.google.auth.oauth2.GoogleCredentials;
import com.google.common.base.Suppliers;
import dev.tfsdeploy.UserError;
import dev.tfsdeploy.actions.CredentialShapes;
import dev.tfsdeploy.net.NetworkFailures;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Google credentials from one {@link CredentialSource}, scoped for Google Cloud APIs, with every
 * access token handed to a secret listener the moment it is issued (also when a client library
 * refreshes it behind our back).
 */
public final class GoogleAccess {
  public static final String CLOUD_PLATFORM_SCOPE =
      "https://www.googleapis.com/auth/cloud-platform";

  private static final HttpTransportFactory TRANSPORT = FailFastTransport::create;

  private final GoogleCredentials credentials;
  private final CredentialSource source;
  private final Supplier<String> principal;

  private GoogleAccess(
      GoogleCredentials credentials, CredentialSource source, Supplier<String> principal) {
    this.credentials = credentials;
    this.source = source;
    this.principal = Suppliers.memoize(principal::get);
  }

  /**
   * Loads the credentials ADC would use: a credentials file (see {@link CredentialsFile#locate}),
   * else the metadata server of the Compute Engine VM or GKE node this runs on.
   *
   * @param onSecret called with every access token as soon as it exists, to mask it
   */
  public static GoogleAccess load(
      Optional<Path> explicitFile,
      Function<String, Optional<String>> env,
      Consumer<String> onSecret) {
    CredentialSource source =
        CredentialsFile.locate(explicitFile, env)
            .<CredentialSource>map(file -> file)
            .or(() -> MetadataServer.detect(env, MetadataServer.PRODUCT_NAME))
            .orElseThrow(
                () ->
                    new UserError(
                        "no Google credentials found",
                        "run google-github-actions/auth before this step, set "
                            + CredentialsFile.ENV
                            + " to a service-account key or workload identity federation file, pass"
                            + " --credentials FILE, run on a Compute Engine VM or GKE node, or on a"
                            + " laptop run `gcloud auth application-default login` once"));
    return load(source, onSecret);
  }

  public static GoogleAccess load(CredentialSource source, Consumer<String> onSecret) {
    LoadedCredentials loaded = source.load(TRANSPORT);
    GoogleCredentials scoped = loaded.credentials().createScoped(List.of(CLOUD_PLATFORM_SCOPE));
    scoped.addChangeListener(
        changed -> {
          AccessToken token = changed.getAccessToken();
          if (token != null) {
            onSecret.accept(token.getTokenValue());
          }
        });
    return new GoogleAccess(scoped, source, loaded.principal());
  }

  /** The scoped credentials, for client libraries (they refresh them as needed). */
  public GoogleCredentials credentials() {
    return credentials;
  }

  /** Where the credentials came from. */
  public CredentialSource source() {
    return source;
  }

  /** Who the credentials act as: a service account e-mail where there is one. */
  public String principal() {
    return principal.get();
  }

  /**
   * A valid access token, fetched from Google when the cached one is missing or about to expire.
   */
  public AccessToken accessToken() {
    try {
      credentials.refreshIfExpired();
    } catch (IOException | RuntimeException e) {
      throw refused(e);
    }
    return credentials.getAccessToken();
  }

  private UserError refused(Exception e) {
    if (NetworkFailures.isUnreachable(e)) {
      return source.unreachable(e);
    }
    Optional<TokenEndpointAnswer.EndpointFailure> failed = TokenEndpointAnswer.endpointFailure(e);
    if (failed.isPresent()) {
      // google-auth-library has already retried 500, 503 and 429 from a key's token endpoint.
      return new UserError(
          source.endpoint()
              + " failed to issue a token ("
              + failed.get().status()
              + ")"
              + (failed.get().detailed() ? ": " + oneLine(reason(e)) : ""),
          "the endpoint failed, it did not refuse the credentials: run the step again in a few"
              + " minutes",
          e);
    }
    return source.refused(e, this::principal);
  }

  /** The innermost message, which names the bad field ("The provided token URL is invalid."). */
  static String reason(Throwable e) {
    String reason = e.getMessage();
    for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
      if (t.getMessage() != null && !t.getMessage().isBlank()) {
        reason = t.getMessage();
      }
    }
    return e instanceof NullPointerException ? "a required field is missing" : reason;
  }

  /**
   * An error body or message of a token endpoint as one line of a message: without the credentials
   * it may echo (a key's signed assertion, a subject token), cut to a readable length.
   */
  static String oneLine(String text) {
    if (text == null) {
      return "no details";
    }
    // Redacted before it is cut, so that no part of a credential survives the cut.
    String line = CredentialShapes.redact(text).replaceAll("\\s+", " ").trim();
    return line.length() > 300 ? line.substring(0, 300) + "…" : line;
  }
}
