package dev.tfsdeploy.overlay;

import dev.tfsdeploy.UserError;
import dev.tfsdeploy.overlay.KubernetesSchema.FieldType;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;

/**
 * Checks rendered objects of the built-in kinds it knows against the Kubernetes API schema ({@link
 * KubernetesSchema}); objects of other kinds, such as custom resources, pass. A field the API does
 * not have, or a value of the wrong type, fails naming the object and the field's path, before
 * anything reaches a cluster. Types are judged as the API server decodes JSON: a string field takes
 * only a string (an unquoted {@code 8500} is a number), an integer field only an integer; null is
 * accepted everywhere.
 */
public final class ManifestSchema {
  private ManifestSchema() {}

  /** Fails with a {@link UserError} on the first object that does not fit its kind's schema. */
  public static void check(Rendering rendering, String source) {
    for (RenderedObject object : rendering.objects()) {
      check(object, source);
    }
  }

  static void check(RenderedObject object, String source) {
    KubernetesSchema schema = KubernetesSchema.builtIn();
    FieldType.Named type = schema.kind(object.apiVersion(), object.kind());
    if (type != null) {
      new Walk(schema, source + ": " + object.kind() + " " + object.name())
          .value(object.content(), type, "");
    }
  }

  /** One object's check: the schema and what to call the object in an error. */
  private record Walk(KubernetesSchema schema, String what) {
    void value(Object value, FieldType type, String path) {
      if (value == null) {
        return;
      }
      if (type instanceof FieldType.Named named) {
        Map<String, FieldType> fields = schema.fields(named);
        for (Map.Entry<?, ?> field : map(value, type, path).entrySet()) {
          String fieldPath = child(path, String.valueOf(field.getKey()));
          FieldType fieldType = fields.get(String.valueOf(field.getKey()));
          if (fieldType == null) {
            throw new UserError(
                what + ": unknown field " + fieldPath, "remove it or fix its spelling");
          }
          value(field.getValue(), fieldType, fieldPath);
        }
      } else if (type instanceof FieldType.MapOf mapOf) {
        for (Map.Entry<?, ?> entry : map(value, type, path).entrySet()) {
          value(entry.getValue(), mapOf.value(), child(path, String.valueOf(entry.getKey())));
        }
      } else if (type instanceof FieldType.ListOf listOf) {
        if (!(value instanceof List<?> list)) {
          throw wrongType(path, type, value);
        }
        for (int i = 0; i < list.size(); i++) {
          value(list.get(i), listOf.element(), path + "[" + i + "]");
        }
      } else if (!fits(value, ((FieldType.Scalar) type).name())) {
        throw wrongType(path, type, value);
      }
    }

    private Map<?, ?> map(Object value, FieldType type, String path) {
      if (value instanceof Map<?, ?> map) {
        return map;
      }
      throw wrongType(path, type, value);
    }

    private UserError wrongType(String path, FieldType expected, Object actual) {
      boolean quotable =
          expected instanceof FieldType.Scalar scalar
              && scalar.name().equals("string")
              && (actual instanceof Number || actual instanceof Boolean);
      return new UserError(
          what
              + ": "
              + (path.isEmpty() ? "the object" : path)
              + " has the wrong type: the API takes "
              + describe(expected)
              + ", the manifest has "
              + describe(actual),
          quotable
              ? "quote the value to make it a string"
              : "fix the value's type in the manifest");
    }
  }

  private static String child(String path, String field) {
    return path.isEmpty() ? field : path + "." + field;
  }

  /** Whether a scalar value decodes as the API's scalar type of this name. */
  private static boolean fits(Object value, String type) {
    return switch (type) {
      case "string" -> value instanceof String;
      case "integer" -> isInteger(value);
      case "number" -> value instanceof Number;
      case "boolean" -> value instanceof Boolean;
      case "int-or-string" -> value instanceof String || isInteger(value);
      case "quantity" -> value instanceof String || value instanceof Number;
      default -> true; // any
    };
  }

  private static boolean isInteger(Object value) {
    // A YAML 2.0 is written to JSON as 2, which an integer field takes.
    return value instanceof Long
        || value instanceof BigInteger
        || value instanceof Double number && number == Math.rint(number) && !number.isInfinite();
  }

  private static String describe(FieldType type) {
    if (type instanceof FieldType.Named named) {
      return "an object (" + named.name() + ")";
    } else if (type instanceof FieldType.ListOf) {
      return "a list";
    } else if (type instanceof FieldType.MapOf) {
      return "a map";
    }
    return switch (((FieldType.Scalar) type).name()) {
      case "integer" -> "an integer";
      case "int-or-string" -> "an integer or a string";
      case "quantity" -> "a quantity (a string such as 500m, or a number)";
      default -> "a " + ((FieldType.Scalar) type).name();
    };
  }

  /** What a value is, never the value itself (it may be a secret's). */
  private static String describe(Object value) {
    if (value instanceof Map<?, ?>) {
      return "a map";
    } else if (value instanceof List<?>) {
      return "a list";
    } else if (value instanceof String) {
      return "a string";
    } else if (value instanceof Boolean) {
      return "a boolean";
    }
    return "a number";
  }
}
