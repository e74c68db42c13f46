package dev.tfsdeploy.overlay;

import dev.tfsdeploy.UserError;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.apache.commons.io.FileUtils;

/**
 * Writes a directory of files all at once: into a hidden sibling first, checked, then renamed into
 * place. On any failure nothing is left behind.
 */
public final class AtomicDirectory {
  private AtomicDirectory() {}

  /**
   * Writes {@code files} (name to text) as {@code target}, which must not exist or be empty;
   * {@code check} runs on the staged directory before it is moved into place.
   */
  public static void write(Path target, Map<String, String> files, Consumer<Path> check) {
    requireUsable(target, target.toString());
    Path absolute = target.toAbsolutePath().normalize();
    Path staging = null;
    try {
      Files.createDirectories(absolute.getParent());
      staging = Files.createTempDirectory(absolute.getParent(), "." + absolute.getFileName() + ".tmp-");
      for (Map.Entry<String, String> file : files.entrySet()) {
        Files.writeString(staging.resolve(file.getKey()), file.getValue(), StandardCharsets.UTF_8);
      }
      // Checked in place: relative paths in the files must resolve exactly as they will in target.
      Path checkPath = staging;
      check.accept(checkPath);
      Files.deleteIfExists(absolute);
      try {
        Files.move(staging, absolute, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(staging, absolute);
      }
      staging = null;
    } catch (IOException e) {
      throw new UserError("cannot write " + target + ": " + e.getMessage(), "check the directory's permissions");
    } finally {
      if (staging != null) {
        FileUtils.deleteQuietly(staging.toFile());
      }
    }
  }

  /**
   * Fails unless {@link #write} could write {@code target} (absent, or an empty directory), so a
   * longer job can check before it starts; {@code name} is how the message names the target.
   */
  public static void requireUsable(Path target, String name) {
    Path absolute = target.toAbsolutePath().normalize();
    if (Files.isDirectory(absolute) && !isEmpty(absolute)) {
      throw new UserError(name + " already exists and is not empty", "choose a new or empty directory");
    }
    if (Files.exists(absolute) && !Files.isDirectory(absolute)) {
      throw new UserError(name + " exists and is not a directory", "choose a directory path");
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
