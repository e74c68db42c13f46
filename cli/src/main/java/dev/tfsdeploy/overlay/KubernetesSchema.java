package dev.tfsdeploy.overlay;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * The Kubernetes API schema of the built-in kinds the CLI checks: for each "apiVersion kind" its
 * type, and for each type its fields. Read from {@code kubernetes-schema.txt}, which a test
 * generates from Fabric8's model classes (that file's header describes the format); reading it
 * costs a render a few milliseconds where binding Fabric8's classes cost most of the render.
 */
final class KubernetesSchema {
  /** A field's type: a scalar, a named object type, a list or a map from strings. */
  sealed interface FieldType {
    /** string, integer, number, boolean, int-or-string, quantity or any. */
    record Scalar(String name) implements FieldType {}

    record Named(String name) implements FieldType {}

    record ListOf(FieldType element) implements FieldType {}

    record MapOf(FieldType value) implements FieldType {}
  }

  private static final String RESOURCE = "kubernetes-schema.txt";

  private final Map<String, FieldType.Named> kinds;
  private final Map<String, Map<String, FieldType>> types;

  private KubernetesSchema(
      Map<String, FieldType.Named> kinds, Map<String, Map<String, FieldType>> types) {
    this.kinds = kinds;
    this.types = types;
  }

  /** The schema shipped in the jar, read once. */
  static KubernetesSchema builtIn() {
    return Shipped.SCHEMA;
  }

  private static final class Shipped {
    static final KubernetesSchema SCHEMA = load();

    private static KubernetesSchema load() {
      try (InputStream in = KubernetesSchema.class.getResourceAsStream(RESOURCE)) {
        if (in == null) {
          throw new IllegalStateException(RESOURCE + " is missing from the jar");
        }
        return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  static KubernetesSchema parse(String text) {
    Map<String, FieldType.Named> kinds = new HashMap<>();
    Map<String, Map<String, FieldType>> types = new HashMap<>();
    Map<String, FieldType> fields = null;
    for (String line : text.split("\n")) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      String[] words = line.trim().split(" ");
      if (line.startsWith("kind ") && words.length == 4) {
        kinds.put(words[1] + " " + words[2], new FieldType.Named(words[3]));
      } else if (line.startsWith("type ") && words.length == 2) {
        fields = new HashMap<>();
        types.put(words[1], fields);
      } else if (line.startsWith("  ") && words.length == 2 && fields != null) {
        fields.put(words[0], type(words[1]));
      } else {
        throw new IllegalStateException(RESOURCE + ": not a schema line: " + line);
      }
    }
    return new KubernetesSchema(Map.copyOf(kinds), Map.copyOf(types));
  }

  private static FieldType type(String text) {
    if (text.startsWith("[") && text.endsWith("]")) {
      return new FieldType.ListOf(type(text.substring(1, text.length() - 1)));
    }
    if (text.startsWith("{") && text.endsWith("}")) {
      return new FieldType.MapOf(type(text.substring(1, text.length() - 1)));
    }
    return switch (text) {
      case "string", "integer", "number", "boolean", "int-or-string", "quantity", "any" ->
          new FieldType.Scalar(text);
      default -> new FieldType.Named(text);
    };
  }

  /** The type of objects of this apiVersion and kind, or null for a kind the schema lacks. */
  FieldType.Named kind(String apiVersion, String kind) {
    return kinds.get(apiVersion + " " + kind);
  }

  /** The fields of a named type: field name -> type. */
  Map<String, FieldType> fields(FieldType.Named type) {
    Map<String, FieldType> fields = types.get(type.name());
    if (fields == null) {
      throw new IllegalStateException(RESOURCE + ": no type " + type.name());
    }
    return fields;
  }
}
