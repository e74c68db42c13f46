package dev.tfsdeploy.gcp;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.api.client.http.javanet.NetHttpTransport;
import com.google.auth.http.HttpTransportFactory;
import com.google.auth.oauth2.AccessToken;
import com.google.auth.oauth2.ExternalAccountCredentials;
import com.google.auth.oauth2.GoogleCredentials;
import com.google.auth.oauth2.ImpersonatedCredentials;
import com.google.auth.oauth2.ServiceAccountCredentials;
import com.google.auth.oauth2.UserCredentials;
import dev.tfsdeploy.UserError;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Google credentials loaded from one {@link CredentialsFile}, scoped for Google Cloud APIs, with
 * every access token handed to a secret listener the moment it is issued (also when a client
 * library refreshes it behind our back).
 */
public final class GoogleAccess {
  public static final String CLOUD_PLATFORM_SCOPE = "https://www.googleapis.com/auth/cloud-platform";
  /** The credential types a credentials file may hold, by its {@code type} field. */
  static final List<String> SUPPORTED_TYPES =
      List.of("service_account", "external_account", "authorized_user", "impersonated_service_account");

  private static final HttpTransportFactory TRANSPORT = NetHttpTransport::new;

  private final GoogleCredentials credentials;
  private final CredentialsFile file;
  private final String principal;

  private GoogleAccess(GoogleCredentials credentials, CredentialsFile file, String principal) {
    this.credentials = credentials;
    this.file = file;
    this.principal = principal;
  }

  /**
   * Loads the credentials ADC would use (see {@link CredentialsFile#locate}).
   *
   * @param onSecret called with every access token as soon as it exists, to mask it
   */
  public static GoogleAccess load(
      Optional<Path> explicitFile, Function<String, Optional<String>> env, Consumer<String> onSecret) {
    CredentialsFile file =
        CredentialsFile.locate(explicitFile, env)
            .orElseThrow(
                () ->
                    new UserError(
                        "no Google credentials found",
                        "run google-github-actions/auth before this step, set "
                            + CredentialsFile.ENV
                            + " to a service-account key or workload identity federation file,"
                            + " or pass --credentials FILE"));
    return load(file, onSecret);
  }

  public static GoogleAccess load(CredentialsFile file, Consumer<String> onSecret) {
    byte[] json = read(file);
    String type = typeOf(file, json);
    GoogleCredentials loaded;
    String principal;
    try (InputStream in = new ByteArrayInputStream(json)) {
      switch (type) {
        case "service_account" -> {
          ServiceAccountCredentials account = ServiceAccountCredentials.fromStream(in, TRANSPORT);
          loaded = account;
          principal = account.getClientEmail();
        }
        case "external_account" -> {
          ExternalAccountCredentials external = ExternalAccountCredentials.fromStream(in, TRANSPORT);
          loaded = external;
          principal =
              external.getServiceAccountEmail() != null
                  ? external.getServiceAccountEmail()
                  : "the workload identity principal of " + external.getAudience();
        }
        case "authorized_user" -> {
          loaded = UserCredentials.fromStream(in, TRANSPORT);
          principal = "the gcloud user account";
        }
        default -> {
          ImpersonatedCredentials impersonated = ImpersonatedCredentials.fromStream(in, TRANSPORT);
          loaded = impersonated;
          principal = impersonated.getAccount();
        }
      }
    } catch (IOException | RuntimeException e) {
      // The library reports missing fields as IOException, IllegalArgumentException or even NPE.
      throw malformed(file, type + " credentials: " + oneLine(reason(e)), e);
    }
    GoogleCredentials scoped = loaded.createScoped(List.of(CLOUD_PLATFORM_SCOPE));
    scoped.addChangeListener(
        changed -> {
          AccessToken token = changed.getAccessToken();
          if (token != null) {
            onSecret.accept(token.getTokenValue());
          }
        });
    return new GoogleAccess(scoped, file, principal);
  }

  /** The scoped credentials, for client libraries (they refresh them as needed). */
  public GoogleCredentials credentials() {
    return credentials;
  }

  /** Where the credentials came from. */
  public CredentialsFile file() {
    return file;
  }

  /** Who the credentials act as: a service account e-mail where there is one. */
  public String principal() {
    return principal;
  }

  /** A valid access token, fetched from Google when the cached one is missing or about to expire. */
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
      return new UserError(
          "cannot reach the Google token endpoint for " + file.describe() + ": " + oneLine(e.getMessage()),
          "check this machine's network access to Google (oauth2/sts/iamcredentials.googleapis.com)",
          e);
    }
    return new UserError(
        "Google refused the credentials in " + file.describe() + ": " + oneLine(reason(e)),
        "check that the key or workload identity provider is still valid and that "
            + principal
            + " exists (under Actions, the job needs `permissions: id-token: write` for federation)",
        e);
  }

  private static byte[] read(CredentialsFile file) {
    try {
      return Files.readAllBytes(file.path());
    } catch (NoSuchFileException e) {
      throw new UserError(
          "Google credentials file " + file.describe() + " does not exist",
          "point " + file.origin() + " at the JSON file google-github-actions/auth or IAM gave you",
          e);
    } catch (IOException e) {
      throw new UserError(
          "cannot read Google credentials file " + file.describe() + ": " + e.getMessage(),
          "check the file's permissions",
          e);
    }
  }

  private static String typeOf(CredentialsFile file, byte[] json) {
    JsonNode root;
    try {
      root = new ObjectMapper().readTree(json);
    } catch (JacksonException e) {
      throw malformed(file, "not JSON (" + oneLine(e.getOriginalMessage()) + ")", e);
    } catch (IOException e) {
      throw malformed(file, oneLine(e.getMessage()), e);
    }
    if (root == null || !root.isObject()) {
      throw malformed(file, "not a JSON object", null);
    }
    String type = root.path("type").asText("");
    if (!SUPPORTED_TYPES.contains(type)) {
      throw malformed(
          file,
          type.isEmpty() ? "no \"type\" field" : "unsupported type \"" + type + "\"",
          null);
    }
    return type;
  }

  private static UserError malformed(CredentialsFile file, String reason, Throwable cause) {
    return new UserError(
        "malformed Google credentials file " + file.describe() + ": " + reason,
        "use a service-account key as IAM downloads it or the file google-github-actions/auth"
            + " writes (type one of " + String.join(", ", SUPPORTED_TYPES) + ")",
        cause);
  }

  /** The innermost message, which names the bad field ("The provided token URL is invalid."). */
  private static String reason(Throwable e) {
    String reason = e.getMessage();
    for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
      if (t.getMessage() != null && !t.getMessage().isBlank()) {
        reason = t.getMessage();
      }
    }
    return e instanceof NullPointerException ? "a required field is missing" : reason;
  }

  static String oneLine(String text) {
    if (text == null) {
      return "no details";
    }
    String line = text.replaceAll("\\s+", " ").trim();
    return line.length() > 300 ? line.substring(0, 300) + "…" : line;
  }
}
