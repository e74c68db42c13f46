package dev.tfsdeploy.image;

import com.google.cloud.tools.jib.api.ImageReference;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What to build: the model directory served as {@code modelName} on {@code base}, written to
 * {@code target} with {@code tags} (empty: the release tag when known, plus the model tag).
 *
 * @param insecureRegistry allow plain HTTP (and self-signed HTTPS) registries
 * @param cacheDirectory Jib's layer cache, kept between runs to skip rebuilding unchanged layers;
 *     empty: base layers in the user cache, model layers in a temporary directory
 */
public record ModelImageRequest(
    Path modelDir,
    String modelName,
    ImageReference base,
    ImageTarget target,
    List<String> tags,
    Optional<String> releaseTag,
    Provenance provenance,
    boolean insecureRegistry,
    Optional<Path> cacheDirectory) {

  public ModelImageRequest {
    tags = List.copyOf(tags);
  }
}
