package dev.tfsdeploy.overlay;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * A place in objects of one kind (or of every kind, when {@code kind} is null) that a transformer
 * writes, in kustomize's field-spec path syntax: {@code spec/template/spec/containers/image}.
 * A list met on the way is walked element by element, as kustomize does. With {@code create},
 * missing maps on the way are made.
 */
record FieldSpec(String kind, String path, boolean create) {
  static FieldSpec all(String path, boolean create) {
    return new FieldSpec(null, path, create);
  }

  static FieldSpec of(String kind, String path, boolean create) {
    return new FieldSpec(kind, path, create);
  }

  boolean appliesTo(Resource resource) {
    return kind == null || kind.equals(resource.kind());
  }

  /** Replaces every value at this path with {@code update(old)}; old is null where created. */
  void apply(Map<String, Object> object, UnaryOperator<Object> update) {
    walk(object, path.split("/"), 0, update);
  }

  /** Every value at this path. */
  List<Object> values(Map<String, Object> object) {
    List<Object> found = new ArrayList<>();
    new FieldSpec(kind, path, false).apply(object, value -> {
      found.add(value);
      return value;
    });
    return found;
  }

  @SuppressWarnings("unchecked")
  private void walk(Object node, String[] segments, int index, UnaryOperator<Object> update) {
    if (node instanceof List<?> list) {
      for (Object element : list) {
        walk(element, segments, index, update);
      }
      return;
    }
    if (!(node instanceof Map<?, ?>)) {
      return;
    }
    Map<String, Object> map = (Map<String, Object>) node;
    String key = segments[index].endsWith("[]")
        ? segments[index].substring(0, segments[index].length() - 2) : segments[index];
    boolean last = index == segments.length - 1;
    Object child = map.get(key);
    if (last) {
      if (child != null || create) {
        map.put(key, update.apply(child));
      }
      return;
    }
    if (child == null) {
      if (!create) {
        return;
      }
      child = new LinkedHashMap<String, Object>();
      map.put(key, child);
    }
    walk(child, segments, index + 1, update);
  }
}
