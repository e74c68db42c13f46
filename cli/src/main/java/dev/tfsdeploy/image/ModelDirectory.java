package dev.tfsdeploy.image;

import dev.tfsdeploy.UserError;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A model directory as TF Serving reads it: numeric version subdirectories, each holding one
 * SavedModel. Only the versions go into the image; anything else at the top level is left out (TF
 * Serving would ignore it too).
 *
 * <p>Symbolic links and special files are refused: a link could pull any file of the build machine
 * into a published image.
 */
public final class ModelDirectory {
  private static final Pattern VERSION = Pattern.compile("[0-9]{1,18}");

  private final Path root;
  private final List<ModelVersion> versions;
  private final List<String> ignored;

  private ModelDirectory(Path root, List<ModelVersion> versions, List<String> ignored) {
    this.root = root;
    this.versions = List.copyOf(versions);
    this.ignored = List.copyOf(ignored);
  }

  /**
   * One numeric version directory: its subdirectories and regular files, each sorted by path
   * relative to the version, with '/' separators.
   */
  public record ModelVersion(
      String name, Path dir, List<String> directories, List<ModelFile> files) {
    public long bytes() {
      return files.stream().mapToLong(ModelFile::size).sum();
    }

    private ModelVersion with(List<AddedFile> added) {
      Set<String> allDirectories = new TreeSet<>(directories);
      List<ModelFile> allFiles = new ArrayList<>(files);
      for (AddedFile file : added) {
        if (files.stream().anyMatch(existing -> existing.path().equals(file.path()))) {
          throw new UserError(
              "model version " + dir + " already has " + file.path(),
              "remove it, or do not ask for it to be written");
        }
        for (int slash = file.path().indexOf('/');
            slash > 0;
            slash = file.path().indexOf('/', slash + 1)) {
          allDirectories.add(file.path().substring(0, slash));
        }
        allFiles.add(new ModelFile(file.source(), file.path(), size(file.source())));
      }
      allFiles.sort(Comparator.comparing(ModelFile::path));
      return new ModelVersion(name, dir, List.copyOf(allDirectories), allFiles);
    }
  }

  private static long size(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A regular file of a version; {@code path} is relative to the version, with '/' separators. */
  public record ModelFile(Path source, String path, long size) {}

  /**
   * Lists the versions and their files; a UserError when there is nothing TF Serving could load.
   */
  public static ModelDirectory scan(Path root) {
    if (!Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS)) {
      throw new UserError(
          "model directory " + root + " does not exist or is not a directory",
          "pass --model-dir the directory that holds the numeric version directories (1/, 2/,"
              + " ...)");
    }
    List<ModelVersion> versions = new ArrayList<>();
    List<String> ignored = new ArrayList<>();
    for (Path child : list(root)) {
      String name = child.getFileName().toString();
      if (VERSION.matcher(name).matches() && Files.isDirectory(child, LinkOption.NOFOLLOW_LINKS)) {
        versions.add(version(root, name, child));
      } else {
        ignored.add(name);
      }
    }
    if (versions.isEmpty()) {
      throw new UserError(
          "model directory " + root + " has no numeric version directory",
          "TF Serving loads <model-dir>/<version>/saved_model.pb: put the SavedModel in a directory"
              + " named for its version, e.g. "
              + root.resolve("1"));
    }
    versions.sort(Comparator.comparingLong(v -> Long.parseLong(v.name())));
    return new ModelDirectory(root, versions, ignored);
  }

  /**
   * The same model with {@code added} files in their versions (and their parent directories); a
   * file the version already has is refused.
   */
  public ModelDirectory with(List<AddedFile> added) {
    List<ModelVersion> changed = new ArrayList<>();
    for (ModelVersion version : versions) {
      List<AddedFile> mine =
          added.stream().filter(file -> file.version().equals(version.name())).toList();
      changed.add(mine.isEmpty() ? version : version.with(mine));
    }
    for (AddedFile file : added) {
      if (versions.stream().noneMatch(version -> version.name().equals(file.version()))) {
        throw new IllegalArgumentException(
            "no version " + file.version() + " to add " + file.path());
      }
    }
    return new ModelDirectory(root, changed, ignored);
  }

  public Path root() {
    return root;
  }

  public List<ModelVersion> versions() {
    return versions;
  }

  /** Top-level entries that are not version directories, left out of the image. */
  public List<String> ignored() {
    return ignored;
  }

  public long bytes() {
    return versions.stream().mapToLong(ModelVersion::bytes).sum();
  }

  private static ModelVersion version(Path root, String name, Path versionDir) {
    List<String> directories = new ArrayList<>();
    List<ModelFile> files = new ArrayList<>();
    try (Stream<Path> walk = Files.walk(versionDir)) {
      for (Path path : (Iterable<Path>) walk::iterator) {
        BasicFileAttributes attributes =
            Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (attributes.isRegularFile()) {
          files.add(new ModelFile(path, unixPath(versionDir, path), attributes.size()));
        } else if (attributes.isDirectory()) {
          if (!path.equals(versionDir)) {
            directories.add(unixPath(versionDir, path));
          }
        } else {
          throw new UserError(
              "model file "
                  + root.relativize(path)
                  + " is a "
                  + (attributes.isSymbolicLink() ? "symbolic link" : "special file")
                  + ", which cannot go into an image",
              "replace it with the regular file it stands for");
        }
      }
    } catch (IOException e) {
      throw new UserError(
          "cannot read model version " + versionDir + ": " + e.getMessage(),
          "check that the model directory is readable",
          e);
    }
    directories.sort(Comparator.naturalOrder());
    files.sort(Comparator.comparing(ModelFile::path));
    return new ModelVersion(name, versionDir, directories, files);
  }

  private static String unixPath(Path base, Path path) {
    return base.relativize(path).toString().replace('\\', '/');
  }

  private static List<Path> list(Path dir) {
    try (Stream<Path> children = Files.list(dir)) {
      return children.sorted().toList();
    } catch (IOException e) {
      throw new UserError(
          "cannot read model directory " + dir + ": " + e.getMessage(),
          "check that the directory is readable",
          e);
    }
  }
}
