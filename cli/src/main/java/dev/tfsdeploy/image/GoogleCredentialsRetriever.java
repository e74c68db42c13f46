package dev.tfsdeploy.image;

import com.google.auth.oauth2.AccessToken;
import com.google.auth.oauth2.GoogleCredentials;
import com.google.cloud.tools.jib.api.Credential;
import dev.tfsdeploy.gcp.GoogleRegistries;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * Registry credentials from Google credentials (a workload identity or key file from {@code
 * google-github-actions/auth}, or {@code gcloud auth application-default login}): Artifact Registry
 * and Container Registry take an OAuth2 access token as the password of the user {@code
 * oauth2accesstoken}.
 */
final class GoogleCredentialsRetriever {
  static final String SOURCE = "Google Application Default Credentials";
  static final String SCOPE = "https://www.googleapis.com/auth/cloud-platform";

  /** Loads the credentials; {@code GoogleCredentials::getApplicationDefault} in production. */
  @FunctionalInterface
  interface Source {
    GoogleCredentials load() throws IOException;
  }

  /**
   * {@code source} loaded and scoped on first use, then the same credentials every time: the
   * preload and Jib (for base and target) ask for a token in one build, and one credentials object
   * refreshes its token once and shares it.
   */
  static Source loadedOnce(Source source) {
    return new Source() {
      private GoogleCredentials loaded;
      private IOException failure;

      @Override
      public synchronized GoogleCredentials load() throws IOException {
        if (loaded == null && failure == null) {
          try {
            GoogleCredentials credentials = source.load();
            loaded =
                credentials.createScopedRequired()
                    ? credentials.createScoped(List.of(SCOPE))
                    : credentials;
          } catch (IOException e) {
            failure = e;
          }
        }
        if (failure != null) {
          throw failure;
        }
        return loaded;
      }
    };
  }

  private final Source source;
  private final ImageBuildListener listener;

  GoogleCredentialsRetriever(Source source, ImageBuildListener listener) {
    this.source = source;
    this.listener = listener;
  }

  /** A token credential, or empty (with the reason on the trail) when ADC is absent or fails. */
  Optional<Credential> retrieve(CredentialTrail trail) {
    try {
      GoogleCredentials credentials = source.load();
      if (credentials.createScopedRequired()) {
        credentials = credentials.createScoped(List.of(SCOPE));
      }
      credentials.refreshIfExpired();
      AccessToken token = credentials.getAccessToken();
      if (token == null) {
        trail.missed(SOURCE, "no access token issued");
        return Optional.empty();
      }
      listener.secret(token.getTokenValue());
      trail.found(SOURCE);
      return Optional.of(Credential.from(GoogleRegistries.USERNAME, token.getTokenValue()));
    } catch (IOException | RuntimeException e) {
      trail.missed(SOURCE, oneLine(e.getMessage()));
      listener.log(ImageBuildListener.Level.DEBUG, SOURCE + " unavailable: " + e);
      return Optional.empty();
    }
  }

  /** The failure on one line: google-auth puts the server's answer on the lines after the first. */
  private static String oneLine(String message) {
    if (message == null || message.isBlank()) {
      return "not available";
    }
    String line = message.replaceAll("\\s+", " ").strip();
    return line.length() > 300 ? line.substring(0, 300) + "…" : line;
  }
}
