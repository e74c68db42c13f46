package dev.tfsdeploy.overlay;

import dev.tfsdeploy.UserError;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.regex.Pattern;

/**
 * kustomize's {@code buildMetadata}, which only the top kustomization's counts (kustomize hands it
 * down to every base): with {@code originAnnotations} each object read from a file gets {@code
 * config.kubernetes.io/origin: path: <file>} and each generated one the kustomization and generator
 * that made it, paths relative to the top directory as the resource entries spell them.
 */
final class OriginAnnotations {
  static final String KEY = "config.kubernetes.io/origin";

  /** Paths written as they are: kustomize's YAML would quote others, which this does not copy. */
  private static final Pattern PLAIN_PATH = Pattern.compile("[A-Za-z0-9_./][A-Za-z0-9_./+~-]*");

  private final boolean enabled;
  private final Deque<String> directories = new ArrayDeque<>(List.of(""));

  private OriginAnnotations(boolean enabled) {
    this.enabled = enabled;
  }

  static OriginAnnotations forTop(KustomizationFile top) {
    for (String value : top.buildMetadata) {
      switch (value) {
        case "originAnnotations" -> {}
        case "transformerAnnotations" ->
            throw new UserError(
                top.file
                    + ": buildMetadata 'transformerAnnotations' is "
                    + "not supported by the tfs-deploy renderer",
                "remove it, or render with kubectl kustomize instead");
        case "managedByLabel" ->
            throw new UserError(
                top.file
                    + ": buildMetadata 'managedByLabel' is not supported: kubectl kustomize writes"
                    + " app.kubernetes.io/managed-by: kustomize-(devel), which is no valid label"
                    + " value",
                "remove it and set the label with labels: [{pairs: {app.kubernetes.io/managed-by:"
                    + " ...}}]");
        default ->
            throw new UserError(
                top.file + ": unknown buildMetadata value '" + value + "'",
                "use originAnnotations (kustomize ignores other values)");
      }
    }
    return new OriginAnnotations(top.buildMetadata.contains("originAnnotations"));
  }

  /** Entering a base or component listed as {@code entry} by the current directory. */
  void enter(String entry) {
    directories.push(join(directories.peek(), entry));
  }

  void leave() {
    directories.pop();
  }

  /** An object read from the file listed as {@code entry}. */
  void file(Resource resource, String entry) {
    if (!enabled) {
      return;
    }
    annotate(resource, "path: " + plain(join(directories.peek(), entry), resource) + "\n");
  }

  /**
   * An object a generator ({@code ConfigMapGenerator} or {@code SecretGenerator}) of {@code k}
   * made.
   */
  void generated(Resource resource, KustomizationFile k, String generatorKind) {
    if (!enabled) {
      return;
    }
    annotate(
        resource,
        "configuredIn: "
            + plain(join(directories.peek(), k.file.getFileName().toString()), resource)
            + "\nconfiguredBy:\n  apiVersion: builtin\n  kind: "
            + generatorKind
            + "\n");
  }

  private static void annotate(Resource resource, String text) {
    Fields.mapCreating(Fields.mapCreating(resource.object(), "metadata"), "annotations")
        .put(KEY, text);
  }

  private static String plain(String path, Resource resource) {
    if (!PLAIN_PATH.matcher(path).matches()) {
      throw new UserError(
          "buildMetadata originAnnotations: the path '"
              + path
              + "' of "
              + resource.id()
              + " needs YAML quoting, which the tfs-deploy renderer does not reproduce",
          "rename the file or directory to letters, digits and . _ - + ~");
    }
    return path;
  }

  /** Go's filepath.Join of relative paths: joined and cleaned, ".." kept where it leads out. */
  private static String join(String directory, String entry) {
    String joined = Path.of(directory).resolve(entry).normalize().toString();
    return joined.isEmpty() ? "." : joined;
  }
}
