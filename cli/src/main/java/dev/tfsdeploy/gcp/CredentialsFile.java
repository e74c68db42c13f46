package dev.tfsdeploy.gcp;

import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Function;

/**
 * The Google credentials file a command uses and how it was chosen, found the way Application
 * Default Credentials finds it — an explicit {@code --credentials} file, then {@code
 * GOOGLE_APPLICATION_CREDENTIALS} (where google-github-actions/auth points it, for a key or a
 * Workload Identity Federation file), then the file {@code gcloud auth application-default login}
 * writes.
 *
 * <p>The metadata server of a Google Compute Engine VM is deliberately not tried: probing it from
 * anywhere else costs seconds and sends traffic to a link-local address.
 */
public record CredentialsFile(Path path, String origin) {
  public static final String ENV = "GOOGLE_APPLICATION_CREDENTIALS";

  /**
   * Finds the credentials file, or empty when there is none.
   *
   * @param explicit the {@code --credentials} option, if given
   * @param env the process environment
   */
  public static Optional<CredentialsFile> locate(
      Optional<Path> explicit, Function<String, Optional<String>> env) {
    if (explicit.isPresent()) {
      return Optional.of(new CredentialsFile(absolute(explicit.get()), "--credentials"));
    }
    Optional<String> fromEnv = env.apply(ENV);
    if (fromEnv.isPresent()) {
      return Optional.of(new CredentialsFile(absolute(Path.of(fromEnv.get())), ENV));
    }
    return gcloudConfigDir(env)
        .map(dir -> dir.resolve("application_default_credentials.json"))
        .filter(java.nio.file.Files::isRegularFile)
        .map(file -> new CredentialsFile(absolute(file), "gcloud application-default credentials"));
  }

  /** gcloud's configuration directory: CLOUDSDK_CONFIG, else ~/.config/gcloud. */
  private static Optional<Path> gcloudConfigDir(Function<String, Optional<String>> env) {
    Optional<String> configured = env.apply("CLOUDSDK_CONFIG");
    if (configured.isPresent()) {
      return Optional.of(Path.of(configured.get()));
    }
    return env.apply("HOME").map(home -> Path.of(home, ".config", "gcloud"));
  }

  private static Path absolute(Path path) {
    return path.toAbsolutePath().normalize();
  }

  /** How to tell the user where the credentials came from: "key.json (from --credentials)". */
  public String describe() {
    return path + " (from " + origin + ")";
  }
}
