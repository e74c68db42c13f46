package dev.tfsdeploy.image;

import com.google.cloud.tools.jib.api.ImageReference;
import java.nio.file.Path;

/**
 * What the model image is built on: an image in a registry (read over the network, its layers
 * cached), or a tarball written by {@code docker save} (read from disk: a build with no network).
 */
public sealed interface BaseImage {
  /** How to make a base tarball tfs-deploy reads. */
  String SAVE_ADVICE =
      "save the base image with `docker save tensorflow/serving:TAG -o FILE` and pass --base"
          + " tar:FILE";

  /**
   * How the base is named in messages and in the {@code org.opencontainers.image.base.name} label.
   */
  String describe();

  record Registry(ImageReference reference) implements BaseImage {
    @Override
    public String describe() {
      return reference.toString();
    }
  }

  record Tarball(Path path) implements BaseImage {
    @Override
    public String describe() {
      return "tar:" + path.getFileName();
    }
  }
}
