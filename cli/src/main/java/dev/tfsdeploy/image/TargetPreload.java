package dev.tfsdeploy.image;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.cloud.tools.jib.api.Credential;
import com.google.cloud.tools.jib.api.ImageReference;
import dev.tfsdeploy.image.ImageBuildListener.Level;
import dev.tfsdeploy.image.registry.RegistryAccess;
import dev.tfsdeploy.image.registry.RegistrySession;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Puts blobs into the target repository faster than Jib would, before Jib needs them (Jib waits for
 * the stored layers, see {@link StoredLayerGate}); Jib then finds them there and skips them.
 *
 * <ul>
 *   <li>The base's layers, when base and target share a registry: mounted (linked, no bytes move).
 *       Jib 0.28 downloads every base layer the target lacks before it tries a mount, so with the
 *       base mirrored next to the target (TF Serving copied into the team's Artifact Registry, say,
 *       away from Docker Hub's pull limits) a cold runner would download the whole serving image
 *       only for the registry to link it.
 *   <li>The layers tfs-deploy wrote itself ({@link StoredLayers}): uploaded in one request each,
 *       unless the registry has them already.
 * </ul>
 *
 * <p>Best effort: whatever fails here is logged for --debug and left to Jib, which then copies the
 * blobs as usual and reports real errors in its own terms.
 */
final class TargetPreload implements AutoCloseable {
  /** Jib's default platform, which it also picks from a multi-platform base. */
  private static final String ARCHITECTURE = "amd64";

  private static final String OS = "linux";

  private final RegistrySession session;
  private final ImageReference target;
  private final String repository;
  private final ImageBuildListener listener;

  private TargetPreload(
      RegistrySession session, ImageReference target, ImageBuildListener listener) {
    this.session = session;
    this.target = target;
    this.repository = target.getRepository();
    this.listener = listener;
  }

  /**
   * Logs in to the target's registry for pushing to {@code target} (and reading {@code base} when
   * it is on the same registry); empty when that fails.
   */
  static Optional<TargetPreload> open(
      ImageReference target,
      Optional<ImageReference> base,
      RegistryCredentials credentials,
      boolean insecureRegistry,
      boolean credentialsOverHttp,
      ImageBuildListener listener) {
    List<String> scopes =
        new ArrayList<>(List.of("repository:" + target.getRepository() + ":pull,push"));
    base.filter(image -> sameRegistry(image, target))
        .ifPresent(image -> scopes.add("repository:" + image.getRepository() + ":pull"));
    try {
      RegistryAccess access =
          new RegistryAccess(
              target.getRegistry(),
              login(target, credentials, listener),
              insecureRegistry,
              credentialsOverHttp,
              listener::secret);
      return Optional.of(new TargetPreload(RegistrySession.open(access, scopes), target, listener));
    } catch (Exception e) {
      debug(
          listener,
          "no preload of the target repository (" + e.getMessage() + "); Jib pushes everything");
      return Optional.empty();
    }
  }

  private static boolean sameRegistry(ImageReference base, ImageReference target) {
    return base.getRegistry().equals(target.getRegistry());
  }

  /** Mounts {@code base}'s layers when it shares the target's registry. */
  void mountBaseLayers(ImageReference base) {
    if (!sameRegistry(base, target) || base.getRepository().equals(repository)) {
      return;
    }
    try {
      List<String> layers = layers(base);
      int mounted = 0;
      for (String layer : layers) {
        if (!session.mount(repository, layer, base.getRepository())) {
          debug(
              listener,
              "the registry did not mount base layer " + layer + "; Jib copies the base layers");
          break;
        }
        mounted++;
      }
      debug(
          listener,
          "mounted "
              + mounted
              + " of "
              + layers.size()
              + " base layers from "
              + base.getRepository());
    } catch (IOException e) {
      debug(listener, "no mount of the base layers (" + e.getMessage() + "); Jib copies them");
    }
  }

  /**
   * Makes sure the registry has a stored layer: true when it had it already, or when it has it now,
   * uploaded in one request with its bytes from {@code content} (and seen there afterwards); false
   * when the upload failed (the caller then files the layer for Jib to push).
   */
  boolean upload(
      String name, StoredLayers.MeasuredLayer measured, RegistrySession.BlobContent content) {
    String digest = measured.digest().toString();
    try {
      if (session.hasBlob(repository, digest)) {
        debug(listener, "layer " + name + ": already in the registry");
        return true;
      }
      long start = System.nanoTime();
      session.upload(repository, digest, measured.size(), content);
      debug(
          listener,
          String.format(
              Locale.ROOT,
              "layer %s: uploaded %d bytes in %.2f s",
              name,
              measured.size(),
              (System.nanoTime() - start) / 1e9));
      // Jib asks the same before it would read the layer from its cache: a registry slow to show
      // a new blob would otherwise have Jib push the placeholder the cache holds for it.
      if (!session.hasBlob(repository, digest)) {
        debug(
            listener,
            "layer " + name + ": uploaded, but the registry does not show it yet; Jib pushes it");
        return false;
      }
      return true;
    } catch (IOException e) {
      debug(listener, "layer " + name + ": upload failed (" + e.getMessage() + "); Jib pushes it");
      return false;
    }
  }

  /** The base's layer digests for Jib's platform, also when the base is a multi-platform index. */
  private List<String> layers(ImageReference base) throws IOException {
    JsonNode manifest = session.manifest(base.getRepository(), base.getQualifier());
    if (manifest.has("manifests")) {
      Optional<String> platform = platformManifest(manifest);
      if (platform.isEmpty()) {
        return List.of();
      }
      manifest = session.manifest(base.getRepository(), platform.get());
    }
    List<String> digests = new ArrayList<>();
    manifest.path("layers").forEach(layer -> digests.add(layer.path("digest").asText()));
    return digests;
  }

  private static Optional<String> platformManifest(JsonNode index) {
    for (JsonNode entry : index.path("manifests")) {
      JsonNode platform = entry.path("platform");
      if (ARCHITECTURE.equals(platform.path("architecture").asText())
          && OS.equals(platform.path("os").asText())) {
        return Optional.of(entry.path("digest").asText());
      }
    }
    return Optional.empty();
  }

  /**
   * The first login a credential source has for the target. A Docker identity token (user {@code
   * <token>}) is an OAuth2 refresh token only Jib knows how to use: none here then.
   */
  private static Optional<RegistryAccess.Login> login(
      ImageReference target, RegistryCredentials credentials, ImageBuildListener listener)
      throws Exception {
    for (RegistryCredentials.Source source :
        credentials.sourcesFor(target, listener, new CredentialTrail())) {
      Optional<Credential> credential = source.retriever().retrieve();
      if (credential.isPresent()) {
        return credential
            .filter(found -> !found.isOAuth2RefreshToken())
            .map(found -> new RegistryAccess.Login(found.getUsername(), found.getPassword()));
      }
    }
    return Optional.empty();
  }

  private static void debug(ImageBuildListener listener, String message) {
    listener.log(Level.DEBUG, message);
  }

  @Override
  public void close() {
    session.close();
  }
}
