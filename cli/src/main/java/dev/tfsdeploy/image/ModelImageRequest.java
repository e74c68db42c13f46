package dev.tfsdeploy.image;

import com.google.cloud.tools.jib.api.ImageReference;
import dev.tfsdeploy.serving.ModelConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What to build: the model directory served as {@code modelName} on {@code base}, written to {@code
 * target} with {@code tags} (empty: the release tag when known, plus the model tag).
 *
 * @param insecureRegistry allow plain HTTP (and self-signed HTTPS) registries
 * @param compression how the model layers are compressed
 * @param addedFiles files added to versions beyond the model directory's (a warmup file)
 * @param modelConfig how TF Serving serves the model (version policy, labels); empty: its default
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
    LayerCompression compression,
    List<AddedFile> addedFiles,
    Optional<ModelConfig> modelConfig) {

  public ModelImageRequest {
    tags = List.copyOf(tags);
    addedFiles = List.copyOf(addedFiles);
  }

  /** A request with no added files. */
  public ModelImageRequest(
      Path modelDir,
      String modelName,
      BaseImage base,
      ImageTarget target,
      List<String> tags,
      Optional<String> releaseTag,
      ImageProvenance provenance,
      boolean insecureRegistry,
      LayerCompression compression) {
    this(
        modelDir,
        modelName,
        base,
        target,
        tags,
        releaseTag,
        provenance,
        insecureRegistry,
        compression,
        List.of(),
        Optional.empty());
  }

  /** The same request with {@code files} added to its versions. */
  public ModelImageRequest withAddedFiles(List<AddedFile> files) {
    return new ModelImageRequest(
        modelDir,
        modelName,
        base,
        target,
        tags,
        releaseTag,
        provenance,
        insecureRegistry,
        compression,
        files,
        modelConfig);
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
