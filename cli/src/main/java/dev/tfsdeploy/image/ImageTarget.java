package dev.tfsdeploy.image;

import com.google.cloud.tools.jib.api.ImageReference;
import java.nio.file.Path;

/** Where the built image goes: a registry repository, or a tarball for {@code docker load}. */
public sealed interface ImageTarget {
  /** The repository the image is named for (no tag). */
  ImageReference repository();

  /** Pushes to {@code repository}'s registry. */
  record Registry(ImageReference repository) implements ImageTarget {}

  /** Writes a {@code docker load}-able tarball; {@code repository} names the loaded image. */
  record Tarball(Path path, ImageReference repository) implements ImageTarget {}
}
