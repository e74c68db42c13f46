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

  /** Values kustomize's YAML writes unquoted (a subset: enough for paths and names). */
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
    annotate(resource, "path: " + plain(here(entry), resource) + "\n");
  }

  /**
   * An object a generator field ({@code configMapGenerator} or {@code secretGenerator}) of {@code
   * k} made.
   */
  void generated(Resource resource, KustomizationFile k, String generatorKind) {
    if (!enabled) {
      return;
    }
    annotate(
        resource,
        configured(here(k.file), resource)
            + "  apiVersion: builtin\n  kind: "
            + generatorKind
            + "\n");
  }

  /**
   * An object a {@code generators:} plugin config made: kustomize names the config's origin (its
   * file, the kustomization for an inline one) and the config's apiVersion, kind, name and
   * namespace.
   */
  void generated(Resource resource, BuiltinPlugins.Config config) {
    if (!enabled) {
      return;
    }
    StringBuilder by = new StringBuilder(configured(config.origin(), resource));
    if (config.object().get("apiVersion") instanceof String apiVersion) {
      by.append("  apiVersion: ").append(plain(apiVersion, resource)).append('\n');
    }
    by.append("  kind: ").append(plain(config.kind(), resource)).append('\n');
    for (String key : List.of("name", "namespace")) {
      String value = config.metadata(key);
      if (value != null && !value.isEmpty()) {
        by.append("  ").append(key).append(": ").append(plain(value, resource)).append('\n');
      }
    }
    annotate(resource, by.toString());
  }

  /** The path, relative to the top directory, of {@code file} in the current directory. */
  String here(Path file) {
    return join(directories.peek(), file.getFileName().toString());
  }

  /** The path, relative to the top directory, of a file the current directory lists. */
  String here(String entry) {
    return join(directories.peek(), entry);
  }

  /** The file an object was read from as {@link #file} recorded it, or null. */
  static String recordedPath(Resource resource) {
    Object metadata = resource.object().get("metadata");
    if (metadata instanceof java.util.Map<?, ?> m
        && m.get("annotations") instanceof java.util.Map<?, ?> annotations
        && annotations.get(KEY) instanceof String origin
        && origin.startsWith("path: ")) {
      return origin.substring("path: ".length()).strip();
    }
    return null;
  }

  private static String configured(String configuredIn, Resource resource) {
    return "configuredIn: " + plain(configuredIn, resource) + "\nconfiguredBy:\n";
  }

  private static void annotate(Resource resource, String text) {
    Fields.mapCreating(Fields.mapCreating(resource.object(), "metadata"), "annotations")
        .put(KEY, text);
  }

  /** A value written as it is: kustomize's YAML would quote others, which this does not copy. */
  private static String plain(String value, Resource resource) {
    if (value == null) {
      throw new UserError(
          "buildMetadata originAnnotations: the origin of the generator config that made "
              + resource.id()
              + " is not known to the tfs-deploy renderer",
          "list the generator config as a file or inline, or render with kubectl kustomize");
    }
    if (!PLAIN_PATH.matcher(value).matches()) {
      throw new UserError(
          "buildMetadata originAnnotations: the value '"
              + value
              + "' in the origin of "
              + resource.id()
              + " needs YAML quoting, which the tfs-deploy renderer does not reproduce",
          "rename the file, directory or generator config to letters, digits and . _ - + ~");
    }
    return value;
  }

  /** Go's filepath.Join of relative paths: joined and cleaned, ".." kept where it leads out. */
  private static String join(String directory, String entry) {
    String joined = Path.of(directory).resolve(entry).normalize().toString();
    return joined.isEmpty() ? "." : joined;
  }
}
