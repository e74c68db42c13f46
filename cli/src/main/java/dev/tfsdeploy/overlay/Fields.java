package dev.tfsdeploy.overlay;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Typed access to the plain maps and lists a parsed object is made of. */
final class Fields {
  private Fields() {}

  @SuppressWarnings("unchecked")
  static Map<String, Object> map(Map<String, Object> parent, String key) {
    if (parent == null) {
      return null;
    }
    Object value = parent.get(key);
    return value instanceof Map<?, ?> map ? (Map<String, Object>) map : null;
  }

  /** The child map, created (replacing a null) when missing. */
  @SuppressWarnings("unchecked")
  static Map<String, Object> mapCreating(Map<String, Object> parent, String key) {
    Object value = parent.get(key);
    if (value instanceof Map<?, ?> map) {
      return (Map<String, Object>) map;
    }
    Map<String, Object> created = new LinkedHashMap<>();
    parent.put(key, created);
    return created;
  }

  static String string(Map<String, Object> parent, String key) {
    if (parent == null) {
      return null;
    }
    Object value = parent.get(key);
    return value instanceof String text ? text : null;
  }

  /** A deep copy of a parsed YAML value. */
  @SuppressWarnings("unchecked")
  static <T> T copy(T value) {
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> copy = new LinkedHashMap<>();
      map.forEach((k, v) -> copy.put((String) k, copy(v)));
      return (T) copy;
    }
    if (value instanceof List<?> list) {
      List<Object> copy = new ArrayList<>(list.size());
      list.forEach(item -> copy.add(copy(item)));
      return (T) copy;
    }
    return value;
  }
}
