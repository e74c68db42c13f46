package dev.tfsdeploy.image;

import dev.tfsdeploy.UserError;
import dev.tfsdeploy.files.OutputPaths;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;

/**
 * Where Jib writes a {@code --to tar:PATH} image: a hidden file beside PATH (after its links are
 * followed, as {@link OutputPaths} rules), renamed onto it only once the build succeeded. A failed
 * build leaves PATH, and whatever was there, untouched.
 */
final class StagedTarball {
  private final Path given;
  private final Path target;
  private final Path staged;
  private final List<Path> createdDirectories;

  private StagedTarball(Path given) {
    this.given = given;
    this.target = OutputPaths.file(given, name(given));
    this.createdDirectories = OutputPaths.createDirectories(target.getParent(), name(given));
    this.staged = OutputPaths.stagingName(target);
  }

  /** A staged file for a tarball target; empty for a registry. */
  static Optional<StagedTarball> of(ImageTarget target) {
    return target instanceof ImageTarget.Tarball tarball
        ? Optional.of(new StagedTarball(tarball.path()))
        : Optional.empty();
  }

  private static String name(Path given) {
    return "--to tar:" + given;
  }

  /** The file Jib writes. */
  Path staged() {
    return staged;
  }

  /** Moves the finished tarball onto its target. */
  void publish() {
    try {
      try {
        Files.move(
            staged, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(staged, target, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      discard();
      throw new UserError(
          "cannot write " + name(given) + ": " + e.getMessage(),
          "check the directory's permissions",
          e);
    }
  }

  /** Removes what a failed build wrote: the staged file and the directories made for it. */
  void discard() {
    try {
      Files.deleteIfExists(staged);
    } catch (IOException ignored) {
      // The build's own error says what went wrong; a hidden leftover is the lesser problem.
    }
    OutputPaths.removeCreated(createdDirectories);
  }
}
