package dev.tfsdeploy.overlay;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * A place in objects of one group, version and kind (each null for any, as in kustomize's field
 * specs) that a transformer writes, in kustomize's field-spec path syntax: {@code
 * spec/template/spec/containers/image}, {@code \/} escaping a slash inside a key. A list met on the
 * way is walked element by element, as kustomize does. With {@code create}, missing maps on the way
 * are made.
 */
record FieldSpec(String group, String version, String kind, String path, boolean create) {
  static FieldSpec all(String path, boolean create) {
    return new FieldSpec(null, null, null, path, create);
  }

  static FieldSpec of(String kind, String path, boolean create) {
    return new FieldSpec(null, null, kind, path, create);
  }

  static FieldSpec of(String group, String version, String kind, String path, boolean create) {
    return new FieldSpec(group, version, kind, path, create);
  }

  boolean appliesTo(Resource resource) {
    return selects(resource.id());
  }

  /** kustomize's Gvk.IsSelected: every part the spec names must be equal. */
  boolean selects(ResId id) {
    return (group == null || group.equals(id.group()))
        && (version == null || version.equals(id.version()))
        && (kind == null || kind.equals(id.kind()));
  }

  /** Replaces every value at this path with {@code update(old)}; old is null where created. */
  void apply(Map<String, Object> object, UnaryOperator<Object> update) {
    walk(object, segments(path), 0, update);
  }

  /** Every value at this path. */
  List<Object> values(Map<String, Object> object) {
    List<Object> found = new ArrayList<>();
    new FieldSpec(group, version, kind, path, false)
        .apply(
            object,
            value -> {
              found.add(value);
              return value;
            });
    return found;
  }

  private static String[] segments(String path) {
    String[] parts = path.split("(?<!\\\\)/");
    for (int i = 0; i < parts.length; i++) {
      parts[i] = parts[i].replace("\\/", "/");
    }
    return parts;
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
    String key =
        segments[index].endsWith("[]")
            ? segments[index].substring(0, segments[index].length() - 2)
            : segments[index];
    boolean last = index == segments.length - 1;
    Object child = map.get(key);
    if (last) {
      if (child != null || create) {
        map.put(key, update.apply(child));
      }
      return;
    }
    if (child == null) {
      // A missing list (key[]) is never made: there would be no element to write into.
      if (!create || segments[index].endsWith("[]")) {
        return;
      }
      child = new LinkedHashMap<String, Object>();
      map.put(key, child);
    }
    walk(child, segments, index + 1, update);
  }
}
