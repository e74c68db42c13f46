package dev.tfsdeploy.image;

import java.util.List;

/**
 * The image that was written.
 *
 * @param repository the repository as the user wrote it, without tag
 * @param tags the tags it was given, the first one the primary
 * @param digest the manifest digest ({@code sha256:…}): what a registry serves it by
 * @param imageId the config digest: what {@code docker images} shows after a load
 * @param modelDigest the model digest (see {@link ModelDigest}): SHA-256 of the model layers' diff
 *     IDs
 * @param pushed true for a registry target, false for a tarball
 * @param servedVersions the versions the image's model config serves; empty without a config (TF
 *     Serving's default, the newest version)
 */
public record BuiltImage(
    String repository,
    List<String> tags,
    String digest,
    String imageId,
    String modelDigest,
    boolean pushed,
    List<Long> servedVersions) {

  public BuiltImage {
    tags = List.copyOf(tags);
    servedVersions = List.copyOf(servedVersions);
  }

  /** {@code repository:tag} for the primary tag. */
  public String taggedReference() {
    return repository + ":" + tags.get(0);
  }

  /** {@code repository@sha256:…}: the immutable reference a deployment should use. */
  public String digestReference() {
    return repository + "@" + digest;
  }
}
