package dev.tfsdeploy.model;

import dev.tfsdeploy.UserError;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.stream.Stream;

/** How TensorFlow Serving reads version directory names: {@code 00000123} is version 123. */
public final class VersionNames {
  /** TF Serving's rule, quoted whenever a name breaks it. */
  public static final String RULE =
      "TensorFlow Serving loads only version directories named by a non-negative integer"
          + " (1, 42, 00000123)";

  private VersionNames() {}

  /** The version a directory name stands for, or empty when TF Serving would ignore it. */
  public static OptionalLong parse(String name) {
    if (name.isEmpty() || name.length() > 19 || !name.chars().allMatch(c -> c >= '0' && c <= '9')) {
      return OptionalLong.empty();
    }
    try {
      return OptionalLong.of(Long.parseLong(name));
    } catch (NumberFormatException tooLarge) {
      return OptionalLong.empty();
    }
  }

  public static boolean isVersion(String name) {
    return parse(name).isPresent();
  }

  /**
   * The numbered subdirectories of a model directory, by version; two names for one version fail.
   */
  public static Map<Long, Path> directories(Path modelDir) {
    Map<Long, Path> versions = new TreeMap<>();
    try (Stream<Path> children = Files.list(modelDir)) {
      for (Path child : children.sorted().toList()) {
        OptionalLong version = parse(child.getFileName().toString());
        if (version.isPresent() && Files.isDirectory(child)) {
          Path clash = versions.put(version.getAsLong(), child);
          if (clash != null) {
            throw new UserError(
                "'"
                    + clash.getFileName()
                    + "' and '"
                    + child.getFileName()
                    + "' in "
                    + modelDir
                    + " are both version "
                    + version.getAsLong(),
                "keep one of them");
          }
        }
      }
    } catch (IOException e) {
      throw new UserError(
          "cannot list " + modelDir + ": " + e.getMessage(), "check its permissions", e);
    }
    return versions;
  }
}
