package dev.tfsdeploy.files;

import dev.tfsdeploy.UserError;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.apache.commons.io.FileUtils;

/**
 * Writes a directory of files all at once: into a hidden sibling first, checked, then moved into
 * place. On any failure nothing is left behind. Where the target is follows {@link OutputPaths}'
 * rule: a link to a directory is written through and stays, an existing empty directory stays (its
 * files are moved into it), a dangling link is refused.
 */
public final class AtomicDirectory {
  private AtomicDirectory() {}

  /**
   * Writes {@code files} (name to text) as {@code target}, which must not exist or be empty; {@code
   * check} runs on the staged directory before it is moved into place.
   */
  public static void write(Path target, Map<String, String> files, Consumer<Path> check) {
    Path real = usable(target, target.toString());
    boolean exists = Files.isDirectory(real);
    List<Path> created =
        exists ? List.of() : OutputPaths.createDirectories(real.getParent(), target.toString());
    Path staging = null;
    boolean done = false;
    try {
      staging = OutputPaths.stagingDirectory(real, "tmp");
      for (Map.Entry<String, String> file : files.entrySet()) {
        Files.writeString(staging.resolve(file.getKey()), file.getValue(), StandardCharsets.UTF_8);
      }
      // Checked in place: relative paths in the files must resolve exactly as they will in target.
      check.accept(staging);
      if (exists) {
        moveEach(staging, real, files.keySet());
      } else {
        move(staging, real);
        staging = null;
      }
      done = true;
    } catch (IOException e) {
      throw new UserError(
          "cannot write " + target + ": " + e.getMessage(), "check the directory's permissions");
    } finally {
      if (staging != null) {
        FileUtils.deleteQuietly(staging.toFile());
      }
      if (!done) {
        OutputPaths.removeCreated(created);
      }
    }
  }

  /**
   * Fails unless {@link #write} could write {@code target} (absent, or an empty directory), so a
   * longer job can check before it starts; {@code name} is how the message names the target.
   */
  public static void requireUsable(Path target, String name) {
    usable(target, name);
  }

  private static Path usable(Path target, String name) {
    Path real = OutputPaths.directory(target, name);
    if (Files.isDirectory(real) && !isEmpty(real)) {
      throw new UserError(
          name + " already exists and is not empty", "choose a new or empty directory");
    }
    return real;
  }

  /** Into an existing directory, file by file; should one move fail, the ones before go back. */
  private static void moveEach(Path staging, Path target, Iterable<String> names)
      throws IOException {
    List<String> moved = new ArrayList<>();
    try {
      for (String name : names) {
        move(staging.resolve(name), target.resolve(name));
        moved.add(name);
      }
    } catch (IOException e) {
      for (String name : moved) {
        Files.move(target.resolve(name), staging.resolve(name));
      }
      throw e;
    }
  }

  private static void move(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(from, to);
    }
  }

  private static boolean isEmpty(Path dir) {
    try (Stream<Path> entries = Files.list(dir)) {
      return entries.findAny().isEmpty();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
