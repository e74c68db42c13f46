package dev.tfsdeploy.overlay;

import dev.tfsdeploy.UserError;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * kustomize's {@code buildMetadata} annotations, which only the top kustomization's list turns on
 * (kustomize hands it down to every base). With {@code originAnnotations} each object read from a
 * file gets {@code config.kubernetes.io/origin: path: <file>} and each generated one the
 * kustomization and generator that made it. With {@code transformerAnnotations} each object gets,
 * in {@code alpha.config.kubernetes.io/transformations}, an entry for every transformer kustomize
 * ran over the objects it held at the time (touched or not): the kustomization or config file and
 * the plugin. Paths are relative to the top directory as the resource entries spell them. The
 * transformers of the render options' own layer are tfs-deploy's, not kustomize's, and get none.
 */
final class BuildMetadataAnnotations {
  static final String KEY = "config.kubernetes.io/origin";
  static final String TRANSFORMATIONS = "alpha.config.kubernetes.io/transformations";

  /** Values kustomize's YAML writes unquoted (a subset: enough for paths and names). */
  private static final Pattern PLAIN_PATH = Pattern.compile("[A-Za-z0-9_./][A-Za-z0-9_./+~-]*");

  private final boolean origins;
  private final boolean transformations;
  private final Deque<String> directories = new ArrayDeque<>(List.of(""));

  /** The file each object read from a file came from, whether or not annotations are on. */
  private final IdentityHashMap<Map<String, Object>, String> files = new IdentityHashMap<>();

  private BuildMetadataAnnotations(boolean origins, boolean transformations) {
    this.origins = origins;
    this.transformations = transformations;
  }

  static BuildMetadataAnnotations forTop(KustomizationFile top) {
    for (String value : top.buildMetadata) {
      switch (value) {
        case "originAnnotations", "transformerAnnotations" -> {}
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
                "use originAnnotations or transformerAnnotations (kustomize ignores other values)");
      }
    }
    return new BuildMetadataAnnotations(
        top.buildMetadata.contains("originAnnotations"),
        top.buildMetadata.contains("transformerAnnotations"));
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
    files.put(resource.object(), here(entry));
    if (origins) {
      annotate(resource, KEY, "path: " + plain(here(entry), resource) + "\n");
    }
  }

  /**
   * An object a generator field ({@code configMapGenerator} or {@code secretGenerator}) of {@code
   * k} made.
   */
  void generated(Resource resource, KustomizationFile k, String generatorKind) {
    if (origins) {
      annotate(resource, KEY, configured(here(k.file), resource) + builtin(generatorKind, ""));
    }
  }

  /**
   * An object a {@code generators:} plugin config made: kustomize names the config's origin (its
   * file, the kustomization for an inline one) and the config's apiVersion, kind, name and
   * namespace.
   */
  void generated(Resource resource, BuiltinPlugins.Config config) {
    if (origins) {
      annotate(resource, KEY, configured(config.origin(), resource) + plugin(config, "", resource));
    }
  }

  /**
   * A builtin transformer of kustomization {@code k} (one kustomize configures from its fields) ran
   * over {@code resources}.
   */
  void transformed(KustomizationFile k, String transformerKind, List<Resource> resources) {
    if (transformations && !isRenderLayer(k)) {
      for (Resource resource : resources) {
        transformation(
            resource, configured(here(k.file), resource), builtin(transformerKind, "  "));
      }
    }
  }

  /** A {@code transformers:} plugin config ran over {@code resources}. */
  void transformed(BuiltinPlugins.Config config, KustomizationFile k, List<Resource> resources) {
    if (transformations && !isRenderLayer(k)) {
      for (Resource resource : resources) {
        transformation(
            resource, configured(config.origin(), resource), plugin(config, "  ", resource));
      }
    }
  }

  private static boolean isRenderLayer(KustomizationFile k) {
    return k.file.toString().startsWith("(");
  }

  /** Appends one entry to the object's list of transformations. */
  private static void transformation(Resource resource, String configured, String by) {
    Map<String, Object> annotations =
        Fields.mapCreating(Fields.mapCreating(resource.object(), "metadata"), "annotations");
    String entry = "- " + configured.replace("\n", "\n  ").stripTrailing() + "\n" + by;
    Object before = annotations.get(TRANSFORMATIONS);
    annotations.put(TRANSFORMATIONS, (before instanceof String text ? text : "") + entry);
  }

  private static String builtin(String kind, String indent) {
    return indent + "  apiVersion: builtin\n" + indent + "  kind: " + kind + "\n";
  }

  /** A plugin config's apiVersion, kind, name and namespace, as kustomize names the config. */
  private static String plugin(BuiltinPlugins.Config config, String indent, Resource resource) {
    StringBuilder by = new StringBuilder();
    if (config.object().get("apiVersion") instanceof String apiVersion) {
      by.append(indent).append("  apiVersion: ").append(plain(apiVersion, resource)).append('\n');
    }
    by.append(indent).append("  kind: ").append(plain(config.kind(), resource)).append('\n');
    for (String key : List.of("name", "namespace")) {
      String value = config.metadata(key);
      if (value != null && !value.isEmpty()) {
        by.append(indent)
            .append("  ")
            .append(key)
            .append(": ")
            .append(plain(value, resource))
            .append('\n');
      }
    }
    return by.toString();
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
  String recordedPath(Resource resource) {
    return files.get(resource.object());
  }

  private static String configured(String configuredIn, Resource resource) {
    return "configuredIn: " + plain(configuredIn, resource) + "\nconfiguredBy:\n";
  }

  private static void annotate(Resource resource, String key, String text) {
    Fields.mapCreating(Fields.mapCreating(resource.object(), "metadata"), "annotations")
        .put(key, text);
  }

  /** A value written as it is: kustomize's YAML would quote others, which this does not copy. */
  private static String plain(String value, Resource resource) {
    if (value == null) {
      throw new UserError(
          "buildMetadata: the origin of the plugin config that made or changed "
              + resource.id()
              + " is not known to the tfs-deploy renderer",
          "list the plugin config as a file or inline, or render with kubectl kustomize");
    }
    if (!PLAIN_PATH.matcher(value).matches()) {
      throw new UserError(
          "buildMetadata: the value '"
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
