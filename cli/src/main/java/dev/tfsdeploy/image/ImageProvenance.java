package dev.tfsdeploy.image;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Where a model came from, as far as it is known: the source repository's URL, the release tag and
 * the commit it points at. Each becomes the matching OCI annotation label; unknown ones are left
 * out, and nothing here varies between two builds of the same release.
 */
public record ImageProvenance(
    Optional<String> source, Optional<String> version, Optional<String> revision) {
  public static final ImageProvenance UNKNOWN =
      new ImageProvenance(Optional.empty(), Optional.empty(), Optional.empty());

  static final String SOURCE = "org.opencontainers.image.source";
  static final String VERSION = "org.opencontainers.image.version";
  static final String REVISION = "org.opencontainers.image.revision";
  static final String TITLE = "org.opencontainers.image.title";
  static final String BASE_NAME = "org.opencontainers.image.base.name";

  /** The model digest (see {@link ModelDigest}); the model tag holds its first digits. */
  static final String MODEL_DIGEST = "dev.tfsdeploy.model.sha256";

  /** The labels of an image serving {@code modelName} on {@code base}. */
  Map<String, String> labels(String modelName, String base, String modelDigest) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put(TITLE, modelName);
    labels.put(BASE_NAME, base);
    labels.put(MODEL_DIGEST, modelDigest);
    source.ifPresent(value -> labels.put(SOURCE, value));
    version.ifPresent(value -> labels.put(VERSION, value));
    revision.ifPresent(value -> labels.put(REVISION, value));
    return labels;
  }
}
