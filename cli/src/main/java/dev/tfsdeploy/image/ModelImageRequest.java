package dev.tfsdeploy.image;

import com.google.cloud.tools.jib.api.ImageReference;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What to build: the model directory served as {@code modelName} on {@code base}, written to {@code
 * target} with {@code tags} (empty: the release tag when known, plus the model tag).
 *
 * @param insecureRegistry allow plain HTTP (and self-signed HTTPS) registries
 * @param compression how the model layers are compressed
 */
public record ModelImageRequest(
    Path modelDir,
    String modelName,
    BaseImage base,
    ImageTarget target,
    List<String> tags,
    Optional<String> releaseTag,
    ImageProvenance provenance,
    boolean insecureRegistry,
    LayerCompression compression) {

  public ModelImageRequest {
    tags = List.copyOf(tags);
  }

  /**
   * A request on a base image in a registry, with the default compression ({@link
   * LayerCompression#AUTO}).
   */
  public ModelImageRequest(
      Path modelDir,
      String modelName,
      ImageReference base,
      ImageTarget target,
      List<String> tags,
      Optional<String> releaseTag,
      ImageProvenance provenance,
      boolean insecureRegistry) {
    this(
        modelDir,
        modelName,
        new BaseImage.Registry(base),
        target,
        tags,
        releaseTag,
        provenance,
        insecureRegistry,
        LayerCompression.AUTO);
  }
}
