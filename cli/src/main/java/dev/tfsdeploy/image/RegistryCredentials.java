package dev.tfsdeploy.image;

import com.google.cloud.tools.jib.api.Credential;
import com.google.cloud.tools.jib.api.CredentialRetriever;
import com.google.cloud.tools.jib.api.ImageReference;
import com.google.cloud.tools.jib.api.RegistryImage;
import dev.tfsdeploy.gcp.GoogleAccess;
import dev.tfsdeploy.gcp.GoogleRegistries;
import dev.tfsdeploy.image.jib.DockerConfigCredentials;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where registry credentials come from, in order: Google Application Default Credentials for
 * Artifact Registry ({@code *-docker.pkg.dev}) and Container Registry ({@code gcr.io}, {@code
 * *.gcr.io}); then, for every registry, the Docker config ({@code $DOCKER_CONFIG/config.json} or
 * {@code ~/.docker/config.json}) with its {@code auths}, {@code credHelpers} and {@code
 * credsStore}. Every password or token is handed to the listener as a secret before use.
 */
public final class RegistryCredentials {
  private final Path dockerConfig;
  private final Map<String, String> environment;
  private final GoogleCredentialsRetriever.Source google;

  RegistryCredentials(
      Path dockerConfig,
      Map<String, String> environment,
      GoogleCredentialsRetriever.Source google) {
    this.dockerConfig = dockerConfig;
    this.environment = Map.copyOf(environment);
    this.google = GoogleCredentialsRetriever.loadedOnce(google);
  }

  /**
   * The sources a process with this environment would use. Google credentials are found as {@code
   * setup} finds them ({@link GoogleAccess}), so one login serves the cluster and the registry.
   */
  public static RegistryCredentials fromEnvironment(Map<String, String> environment) {
    return new RegistryCredentials(
        dockerConfigFile(environment),
        environment,
        () ->
            GoogleAccess.load(
                    Optional.empty(),
                    name -> Optional.ofNullable(environment.get(name)),
                    secret -> {})
                .credentials());
  }

  static Path dockerConfigFile(Map<String, String> environment) {
    String configDir = environment.get("DOCKER_CONFIG");
    Path dir =
        configDir != null && !configDir.isBlank()
            ? Path.of(configDir)
            : Path.of(System.getProperty("user.home"), ".docker");
    return dir.resolve("config.json");
  }

  /** A named place credentials may come from. */
  record Source(String name, CredentialRetriever retriever) {}

  /**
   * Adds the sources for {@code reference} to {@code image}; {@code trail} records what they gave.
   */
  void addTo(
      RegistryImage image,
      ImageReference reference,
      ImageBuildListener listener,
      CredentialTrail trail) {
    sourcesFor(reference, listener, trail)
        .forEach(source -> image.addCredentialRetriever(source.retriever()));
  }

  /** The sources for {@code reference}, in the order Jib tries them. */
  List<Source> sourcesFor(
      ImageReference reference, ImageBuildListener listener, CredentialTrail trail) {
    List<Source> sources = new ArrayList<>();
    if (GoogleRegistries.accepts(reference.getRegistry())) {
      GoogleCredentialsRetriever google = new GoogleCredentialsRetriever(this.google, listener);
      sources.add(new Source(GoogleCredentialsRetriever.SOURCE, () -> google.retrieve(trail)));
    }
    CredentialRetriever docker =
        DockerConfigCredentials.retriever(
            reference,
            dockerConfig,
            environment,
            message -> listener.log(ImageBuildListener.Level.DEBUG, message));
    String name = "Docker config " + dockerConfig;
    sources.add(
        new Source(
            name,
            () -> {
              Optional<Credential> credential = docker.retrieve();
              if (credential.isPresent()) {
                listener.secret(credential.get().getPassword());
                trail.found(name);
              } else {
                trail.missed(
                    name,
                    Files.exists(dockerConfig)
                        ? "no entry for " + reference.getRegistry()
                        : "file does not exist");
              }
              return credential;
            }));
    return sources;
  }
}
