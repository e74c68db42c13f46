package dev.tfsdeploy.image;

import dev.tfsdeploy.UserError;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A private, temporary home for the compressed model layers of one build, deleted afterwards.
 *
 * <p>Jib's default is one shared directory under the system temp directory that is never cleaned
 * and that finds a layer again by its files' paths and modification times, not their content: a
 * new release extracted to the same place with the same (say, archive-fixed) timestamps would be
 * served the previous release's layer. A fresh directory per build makes that impossible; layers
 * the registry already has are still never uploaded again (that check is by digest).
 */
final class LayerCache implements AutoCloseable {
  private final Path directory;

  private LayerCache(Path directory) {
    this.directory = directory;
  }

  static LayerCache create() {
    try {
      return new LayerCache(Files.createTempDirectory("tfs-deploy-layers-"));
    } catch (IOException e) {
      throw new UserError(
          "cannot create a temporary directory for the image layers: " + e.getMessage(),
          "make the temporary directory (TMPDIR or java.io.tmpdir) writable, with room for the compressed model",
          e);
    }
  }

  Path directory() {
    return directory;
  }

  @Override
  public void close() {
    try (Stream<Path> paths = Files.walk(directory)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete the temporary layer directory " + directory, e);
    }
  }
}
