package dev.tfsdeploy.model;

import dev.tfsdeploy.UserError;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Where the model sits inside an unpacked archive, and which version directories it has.
 *
 * <p>Either {@code saved_model.pb} lies at the (stripped) root, and the root becomes one version,
 * or the root holds version directories named by numbers, each with its own {@code saved_model.pb}.
 * With automatic stripping, a single top-level directory is looked through unless it is itself a
 * version directory.
 *
 * @param root the directory that holds the model's contents
 * @param atRoot true when {@code saved_model.pb} lies directly in {@code root}
 * @param versions version number to version directory (under {@code root} unless {@code atRoot})
 */
record ModelLayout(Path root, boolean atRoot, Map<Long, Path> versions) {
  private static final int HINT_DEPTH = 8;

  /**
   * @param tree the unpacked archive
   * @param autoStrip whether a single top-level directory may be looked through
   * @param stripped how many leading components were already stripped from every entry
   */
  static ModelLayout locate(Path tree, boolean autoStrip, int stripped, ExtractListener listener)
      throws IOException {
    Path root = tree;
    if (autoStrip) {
      Path top = singleTopDirectory(tree);
      if (top != null) {
        root = top;
        listener.info(
            "looking inside the archive's top-level directory '"
                + EntryPath.printable(top.getFileName().toString())
                + "'");
      }
    }
    if (holdsSavedModel(root)) {
      return new ModelLayout(root, true, Map.of());
    }
    Map<Long, Path> versions = new TreeMap<>();
    try (Stream<Path> children = Files.list(root)) {
      for (Path child : children.sorted().toList()) {
        addVersion(child, versions, listener);
      }
    }
    if (versions.isEmpty()) {
      throw noSavedModel(tree, stripped);
    }
    return new ModelLayout(root, false, versions);
  }

  private static void addVersion(Path child, Map<Long, Path> versions, ExtractListener listener) {
    String name = EntryPath.printable(child.getFileName().toString());
    boolean directory = Files.isDirectory(child, LinkOption.NOFOLLOW_LINKS);
    OptionalLong version = VersionNames.parse(child.getFileName().toString());
    if (directory && version.isPresent()) {
      if (!holdsSavedModel(child)) {
        throw new UserError(
            "version directory '" + name + "' holds no saved_model.pb",
            "every numbered directory must hold a complete SavedModel export");
      }
      Path clash = versions.put(version.getAsLong(), child);
      if (clash != null) {
        throw new UserError(
            "version directories '"
                + clash.getFileName()
                + "' and '"
                + name
                + "' are both version "
                + version.getAsLong(),
            "keep one of them");
      }
    } else if (directory && holdsSavedModel(child)) {
      throw new UserError(
          "'" + name + "' is not a valid version directory name: " + VersionNames.RULE,
          "rename it to a number, e.g. 1");
    } else {
      listener.warning(
          "'"
              + name
              + "' is not a version directory; TensorFlow Serving ignores it ("
              + VersionNames.RULE
              + ")");
    }
  }

  /** The one directory at the top of the tree, unless it is itself a version directory. */
  private static Path singleTopDirectory(Path tree) throws IOException {
    List<Path> children;
    try (Stream<Path> list = Files.list(tree)) {
      children = list.toList();
    }
    if (children.size() != 1 || !Files.isDirectory(children.get(0), LinkOption.NOFOLLOW_LINKS)) {
      return null;
    }
    Path only = children.get(0);
    boolean isVersionDirectory =
        VersionNames.isVersion(only.getFileName().toString()) && holdsSavedModel(only);
    return isVersionDirectory ? null : only;
  }

  static boolean holdsSavedModel(Path dir) {
    return Files.isRegularFile(
        dir.resolve(SavedModelValidator.SAVED_MODEL_PB), LinkOption.NOFOLLOW_LINKS);
  }

  /** The error for an archive without a usable layout, with a hint where saved_model.pb is. */
  private static UserError noSavedModel(Path tree, int stripped) throws IOException {
    List<Path> found = new ArrayList<>();
    try (Stream<Path> paths =
        Files.find(
            tree,
            HINT_DEPTH,
            (path, attributes) ->
                attributes.isRegularFile()
                    && path.getFileName().toString().equals(SavedModelValidator.SAVED_MODEL_PB))) {
      paths.limit(3).forEach(found::add);
    }
    String message =
        "the archive holds no saved_model.pb at its top level or in numbered version directories";
    if (found.isEmpty()) {
      return new UserError(
          message,
          "put saved_model.pb (with variables/ and assets/) at the archive's top level, or in"
              + " version directories such as 1/saved_model.pb");
    }
    Path first = tree.relativize(found.get(0));
    Path modelDir = first.getParent();
    boolean inVersionDir = VersionNames.isVersion(modelDir.getFileName().toString());
    int strip = stripped + modelDir.getNameCount() - (inVersionDir ? 1 : 0);
    return new UserError(
        message + "; found one at '" + EntryPath.printable(first.toString()) + "'",
        "pass --strip-components " + strip + " (a leading './' counts as one component)");
  }
}
