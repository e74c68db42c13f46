package dev.tfsdeploy.gcp;

import java.util.Locale;

/**
 * The registries that take a Google access token: Artifact Registry ({@code *-docker.pkg.dev}) and
 * Container Registry ({@code gcr.io}, {@code *.gcr.io}), with the user name {@value #USERNAME} —
 * what {@code gcloud auth configure-docker}'s helper hands Docker.
 */
public final class GoogleRegistries {
  public static final String USERNAME = "oauth2accesstoken";

  private GoogleRegistries() {}

  /** True for hosts (with or without a port) that accept a Google access token. */
  public static boolean accepts(String registryHost) {
    String host = registryHost.toLowerCase(Locale.ROOT).replaceFirst(":\\d+$", "");
    return host.endsWith("-docker.pkg.dev") || host.equals("gcr.io") || host.endsWith(".gcr.io");
  }
}
