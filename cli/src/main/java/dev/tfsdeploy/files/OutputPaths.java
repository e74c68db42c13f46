package dev.tfsdeploy.files;

import dev.tfsdeploy.UserError;
import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The one rule for every path a command writes (an output directory, an output file).
 *
 * <p>A symbolic link is followed: the output goes where it points, and the link stays. A link that
 * points nowhere (dangling) or loops is refused with a message naming it, before anything is
 * written; so is any existing ancestor that is not a directory. Nothing the user made is ever
 * deleted or replaced by a directory: commands remove only the directories {@link
 * #createDirectories} reports it created. New directories and files get the umask's mode.
 */
public final class OutputPaths {
  // Linux's own limit (MAXSYMLINKS) on links followed while resolving one path.
  private static final int MAX_LINKS = 40;

  private OutputPaths() {}

  /**
   * Where a directory output really is: {@code path} with its links resolved. It need not exist;
   * when it does, it is a directory (or a link to one).
   *
   * @param name how messages name the path, e.g. {@code --out DIR}
   */
  public static Path directory(Path path, String name) {
    Path real = resolve(path, name, true);
    if (Files.exists(real) && !Files.isDirectory(real)) {
      throw new UserError(name + " exists and is not a directory", "choose a directory path");
    }
    return real;
  }

  /** Where a file output really is: {@code path} with its links resolved; never a directory. */
  public static Path file(Path path, String name) {
    Path real = resolve(path, name, false);
    if (Files.isDirectory(real)) {
      throw new UserError(name + " is a directory", "pass a file path");
    }
    return real;
  }

  /**
   * Creates the missing directories of an already {@link #directory resolved} path, with the
   * umask's mode; returns the ones it created, deepest first, so a failed command can remove
   * exactly those ({@link #removeCreated}).
   */
  public static List<Path> createDirectories(Path resolved, String name) {
    List<Path> missing = new ArrayList<>();
    for (Path p = resolved;
        p != null && !Files.exists(p, LinkOption.NOFOLLOW_LINKS);
        p = p.getParent()) {
      missing.add(p);
    }
    try {
      for (int i = missing.size() - 1; i >= 0; i--) {
        Files.createDirectory(missing.get(i));
      }
    } catch (IOException e) {
      removeCreated(missing);
      throw new UserError(
          "cannot create " + resolved + " for " + name + ": " + reason(e),
          "check the permissions of its parent directory",
          e);
    }
    return missing;
  }

  /**
   * Removes directories {@link #createDirectories} created, deepest first, while they are empty.
   */
  public static void removeCreated(List<Path> createdDeepestFirst) {
    for (Path dir : createdDeepestFirst) {
      try {
        Files.deleteIfExists(dir);
      } catch (IOException notEmpty) {
        return;
      }
    }
  }

  /**
   * A new hidden directory {@code .NAME.PURPOSE-RANDOM} beside {@code target}, with the umask's
   * mode (unlike {@link Files#createTempDirectory}'s 0700), so it can become the output itself.
   */
  public static Path stagingDirectory(Path target, String purpose) throws IOException {
    return Files.createDirectory(
        target.resolveSibling(
            "." + target.getFileName() + "." + purpose + "-" + UUID.randomUUID()));
  }

  /** A new hidden empty file beside {@code target} with the umask's mode, to be renamed onto it. */
  public static Path stagingFile(Path target) throws IOException {
    return Files.createFile(stagingName(target));
  }

  /** A hidden name beside {@code target}, {@code .NAME.RANDOM.part}, for a file renamed onto it. */
  public static Path stagingName(Path target) {
    return target.resolveSibling("." + target.getFileName() + "." + UUID.randomUUID() + ".part");
  }

  /**
   * {@code path} made absolute with every link in it resolved: the deepest part that exists through
   * {@link Path#toRealPath}, the missing rest appended.
   */
  private static Path resolve(Path path, String name, boolean directory) {
    Path absolute = path.toAbsolutePath();
    Path existing = absolute;
    while (existing != null && !Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
      existing = existing.getParent();
    }
    if (existing == null) {
      return absolute.normalize();
    }
    Path rest = existing.relativize(absolute);
    // The message names the link itself only when it is not the whole path.
    boolean whole = existing.equals(absolute);
    Path real = realPath(existing, whole ? name : name + ": " + existing, directory || !whole);
    if (rest.toString().isEmpty()) {
      return real;
    }
    if (!Files.isDirectory(real)) {
      throw new UserError(
          name + " lies below " + existing + ", which is not a directory",
          "choose a path below a directory");
    }
    return real.resolve(rest).normalize();
  }

  private static Path realPath(Path existing, String link, boolean toDirectory) {
    Path end = existing;
    try {
      for (int hops = 0; Files.isSymbolicLink(end); hops++) {
        if (hops == MAX_LINKS) {
          throw loop(link);
        }
        end = end.resolveSibling(Files.readSymbolicLink(end));
      }
      return existing.toRealPath();
    } catch (NoSuchFileException e) {
      throw new UserError(
          link + " is a symbolic link to " + end + ", which does not exist",
          toDirectory
              ? "create " + end + " first, or remove the link, or choose another path"
              : "point the link at an existing file, or remove it, or choose another path");
    } catch (FileSystemException e) {
      if (String.valueOf(e.getReason()).contains("symbolic links")) {
        throw loop(link);
      }
      throw new UserError(
          "cannot resolve " + link + ": " + reason(e), "check the path and its permissions");
    } catch (IOException e) {
      throw new UserError(
          "cannot resolve " + link + ": " + reason(e), "check the path and its permissions");
    }
  }

  private static UserError loop(String link) {
    return new UserError(
        link + " is a symbolic link that loops (it never reaches a file or directory)",
        "remove or repair the link, or choose another path");
  }

  private static String reason(IOException e) {
    return e instanceof FileSystemException fs && fs.getReason() != null
        ? fs.getReason()
        : String.valueOf(e.getMessage());
  }
}
