package dev.tfsdeploy.overlay;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import java.util.List;
import java.util.Map;

/**
 * The oracle {@link ManifestSchema} is compared with: an object bound into its Fabric8 model class
 * by Jackson (how the CLI checked manifests before kubernetes-schema.txt), then searched for the
 * unknown fields Fabric8 keeps in {@code additionalProperties}.
 */
final class Fabric8Binding {
  private static final ObjectMapper MAPPER =
      new ObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private Fabric8Binding() {}

  /** What the binding makes of an object. */
  sealed interface Verdict {
    record Accepted() implements Verdict {}

    record UnknownField(String path) implements Verdict {}

    record WrongType(String path) implements Verdict {}
  }

  /** The verdict on an object, or null for a kind the CLI does not check. */
  static Verdict of(Map<String, Object> object) {
    Class<?> type =
        KubernetesSchemaSource.KINDS.get(object.get("apiVersion") + " " + object.get("kind"));
    if (type == null) {
      return null;
    }
    Object model;
    try {
      model = MAPPER.readValue(MAPPER.writeValueAsString(object), type);
    } catch (JsonMappingException e) {
      return new Verdict.WrongType(path(e.getPath()));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
    String unknown = unknownField(model, "");
    return unknown == null ? new Verdict.Accepted() : new Verdict.UnknownField(unknown);
  }

  private static String path(List<JsonMappingException.Reference> references) {
    StringBuilder path = new StringBuilder();
    for (JsonMappingException.Reference reference : references) {
      if (reference.getFieldName() != null) {
        path.append(path.length() == 0 ? "" : ".").append(reference.getFieldName());
      } else if (reference.getIndex() >= 0) {
        path.append('[').append(reference.getIndex()).append(']');
      }
    }
    return path.toString();
  }

  private static String unknownField(Object model, String path) {
    if (model instanceof List<?> list) {
      for (int i = 0; i < list.size(); i++) {
        String unknown = unknownField(list.get(i), path + "[" + i + "]");
        if (unknown != null) {
          return unknown;
        }
      }
      return null;
    }
    if (model instanceof Map<?, ?> map) {
      for (Map.Entry<?, ?> entry : map.entrySet()) {
        String unknown = unknownField(entry.getValue(), join(path, String.valueOf(entry.getKey())));
        if (unknown != null) {
          return unknown;
        }
      }
      return null;
    }
    if (model == null
        || !model.getClass().getName().startsWith("io.fabric8.kubernetes.api.model")) {
      return null;
    }
    try {
      // Jackson's any-getter is not among the properties below.
      Object extra = model.getClass().getMethod("getAdditionalProperties").invoke(model);
      if (extra instanceof Map<?, ?> map
          && !map.isEmpty()
          && !model.getClass().getSimpleName().equals("FieldsV1")) {
        return join(path, String.valueOf(map.keySet().iterator().next()));
      }
    } catch (ReflectiveOperationException e) {
      // A model class without additionalProperties cannot hold unknown fields.
    }
    for (BeanPropertyDefinition property :
        MAPPER
            .getSerializationConfig()
            .introspect(MAPPER.constructType(model.getClass()))
            .findProperties()) {
      if (property.getAccessor() == null) {
        continue;
      }
      Object value = property.getAccessor().getValue(model);
      if (property.getName().equals("additionalProperties")) {
        if (value instanceof Map<?, ?> extra
            && !extra.isEmpty()
            && !model.getClass().getSimpleName().equals("FieldsV1")) {
          return join(path, String.valueOf(extra.keySet().iterator().next()));
        }
        continue;
      }
      String unknown = unknownField(value, join(path, property.getName()));
      if (unknown != null) {
        return unknown;
      }
    }
    return null;
  }

  private static String join(String path, String field) {
    return path.isEmpty() ? field : path + "." + field;
  }
}
