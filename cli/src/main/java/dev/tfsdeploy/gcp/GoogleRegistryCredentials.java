package dev.tfsdeploy.gcp;

import java.util.Locale;
import java.util.Optional;

/**
 * Registry credentials for Artifact Registry ({@code *-docker.pkg.dev}) and Container Registry
 * ({@code gcr.io}, {@code *.gcr.io}) from the same Google credentials as everything else: the
 * user name {@value #USERNAME} with an access token as password, which is what
 * {@code gcloud auth configure-docker}'s helper hands Docker. No Docker needed.
 */
public final class GoogleRegistryCredentials {
  public static final String USERNAME = "oauth2accesstoken";

  private final GoogleAccess access;

  public GoogleRegistryCredentials(GoogleAccess access) {
    this.access = access;
  }

  /** A user name and password for pushing to or pulling from {@code registryHost}. */
  public record Credential(String username, String password) {
    @Override
    public String toString() {
      return "Credential[username=" + username + ", password=***]";
    }
  }

  /** The credential for a Google registry, empty for any other registry. */
  public Optional<Credential> forRegistry(String registryHost) {
    if (!isGoogleRegistry(registryHost)) {
      return Optional.empty();
    }
    return Optional.of(new Credential(USERNAME, access.accessToken().getTokenValue()));
  }

  /** True for hosts that accept a Google access token: {@code *-docker.pkg.dev}, {@code gcr.io}. */
  public static boolean isGoogleRegistry(String registryHost) {
    String host = registryHost.toLowerCase(Locale.ROOT).replaceFirst(":\\d+$", "");
    return host.endsWith("-docker.pkg.dev") || host.equals("gcr.io") || host.endsWith(".gcr.io");
  }
}
