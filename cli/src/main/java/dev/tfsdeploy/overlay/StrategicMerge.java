package dev.tfsdeploy.overlay;

import dev.tfsdeploy.UserError;
import dev.tfsdeploy.yaml.GoScalars;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Strategic merge patching as kustomize (kyaml's merge2) does it for the supported kinds: maps
 * merge field by field and a null deletes; lists with a merge key merge element by element, the
 * patch's elements first in the patch's order, then the others in their order; other lists and
 * scalars are replaced; {@code $patch: delete} removes a map or list element, {@code $patch:
 * replace} replaces a map or (as a list element of its own) a whole list.
 */
final class StrategicMerge {
  private static final Object DELETE = new Object();

  private final String kind;
  private final String patchSource;

  private StrategicMerge(String kind, String patchSource) {
    this.kind = kind;
    this.patchSource = patchSource;
  }

  /**
   * The object patched, or null when the patch deletes the whole object. {@code object} is modified
   * in place.
   */
  static Map<String, Object> apply(
      Map<String, Object> object, Map<String, Object> patch, String patchSource) {
    StrategicMerge merge = new StrategicMerge(Fields.string(object, "kind"), patchSource);
    Object result = merge.merge(object, Fields.copy(patch), new ArrayList<>());
    if (result == DELETE) {
      return null;
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> map = (Map<String, Object>) result;
    return map;
  }

  @SuppressWarnings("unchecked")
  private Object merge(Object dest, Object patch, List<String> path) {
    if (patch instanceof Map<?, ?> patchMap) {
      return mergeMap(dest, (Map<String, Object>) patchMap, path);
    }
    if (patch instanceof List<?> patchList) {
      return mergeList(dest, (List<Object>) patchList, path);
    }
    return patch;
  }

  @SuppressWarnings("unchecked")
  private Object mergeMap(Object dest, Map<String, Object> patch, List<String> path) {
    Object directive = patch.get("$patch");
    for (String key : patch.keySet()) {
      if (key.startsWith("$") && !key.equals("$patch")) {
        throw unsupported(path, "the directive " + key);
      }
    }
    if (directive != null) {
      if ("delete".equals(directive)) {
        return DELETE;
      }
      if ("replace".equals(directive)) {
        Map<String, Object> replacement = new LinkedHashMap<>(patch);
        replacement.remove("$patch");
        return mergeMap(null, replacement, path);
      }
      throw unsupported(path, "$patch: " + directive);
    }
    Map<String, Object> result =
        dest instanceof Map<?, ?> map ? (Map<String, Object>) map : new LinkedHashMap<>();
    for (Map.Entry<String, Object> entry : patch.entrySet()) {
      String key = entry.getKey();
      if (entry.getValue() == null) {
        result.remove(key);
        continue;
      }
      List<String> childPath = new ArrayList<>(path);
      childPath.add(key);
      Object merged = merge(result.get(key), entry.getValue(), childPath);
      if (merged == DELETE) {
        result.remove(key);
      } else {
        result.put(key, merged);
      }
    }
    return result;
  }

  @SuppressWarnings("unchecked")
  private Object mergeList(Object dest, List<Object> patch, List<String> path) {
    List<String> keys = MergeKeys.of(kind, path);
    if (keys == MergeKeys.SCALAR_SET) {
      throw unsupported(path, "patching the list " + String.join(".", path));
    }
    List<Object> destList =
        dest instanceof List<?> list ? new ArrayList<>(list) : new ArrayList<>();
    if (keys != null
        && keys.size() > 1
        && keys.subList(1, keys.size()).stream()
            .anyMatch(k -> anyHas(destList, k) || anyHas(patch, k))) {
      String problem = MultiKeyListMerge.problem(destList, patch, keys);
      if (problem != null) {
        throw unsupported(
            path,
            "merging the list "
                + String.join(".", path)
                + " whose elements set '"
                + keys.get(1)
                + "' with "
                + problem
                + " (kustomize's result for it is inconsistent)");
      }
      return MultiKeyListMerge.merge(destList, patch, keys, (d, p) -> merge(d, p, path));
    }
    List<Object> replacement = listReplacement(patch, path);
    if (keys == null || replacement != null) {
      List<Object> list = replacement != null ? replacement : patch;
      List<Object> result = new ArrayList<>();
      for (Object element : list) {
        result.add(
            element instanceof Map<?, ?>
                ? mergeMap(null, (Map<String, Object>) element, path)
                : element);
      }
      return keys == null ? Fields.copy(patch) : result;
    }
    String key = keys.get(0);
    // A lone element without its merge key, where the object has no such list yet, is set as
    // written (kustomize keeps it); other lists with such elements merge inconsistently there
    // (elements dropped), so they stay refused below.
    if (dest == null
        && patch.size() == 1
        && patch.get(0) instanceof Map<?, ?> lone
        && keyValue(lone, key) == null
        && !lone.containsKey("$patch")) {
      return new ArrayList<>(List.of(mergeMap(null, (Map<String, Object>) lone, path)));
    }
    Set<String> values = new LinkedHashSet<>();
    for (Object element : patch) {
      String value = keyValue(element, key);
      if (value == null) {
        throw new UserError(
            patchSource + ": an element of " + String.join(".", path) + " has no '" + key + "'",
            "give every element of that list its " + key);
      }
      values.add(value);
    }
    for (Object element : destList) {
      String value = keyValue(element, key);
      if (value != null) {
        values.add(value);
      }
    }
    List<Object> items = new ArrayList<>();
    for (String value : values) {
      Object destElement = find(destList, key, value);
      Object patchElement = find(patch, key, value);
      Object merged = patchElement == null ? destElement : merge(destElement, patchElement, path);
      if (merged == DELETE || merged instanceof Map<?, ?> m && m.isEmpty()) {
        destList.removeIf(element -> value.equals(keyValue(element, key)));
        continue;
      }
      if (merged instanceof Map<?, ?> m && !m.containsKey(key)) {
        ((Map<String, Object>) m).put(key, value);
      }
      items.add(merged);
    }
    for (Object element : destList) {
      if (keyValue(element, key) == null) {
        items.add(element);
      }
    }
    return items;
  }

  /** The list a {@code - $patch: replace} element asks for, or null without one. */
  @SuppressWarnings("unchecked")
  private List<Object> listReplacement(List<Object> patch, List<String> path) {
    List<Object> rest = new ArrayList<>();
    boolean replace = false;
    for (Object element : patch) {
      if (element instanceof Map<?, ?> map && map.containsKey("$patch")) {
        Object directive = map.get("$patch");
        if ("replace".equals(directive) && map.size() == 1) {
          replace = true;
          continue;
        }
        if (!"delete".equals(directive) || map.size() == 1) {
          throw unsupported(
              path, "$patch: " + directive + " on an element of " + String.join(".", path));
        }
      }
      rest.add(element);
    }
    return replace ? rest : null;
  }

  private static boolean anyHas(List<Object> list, String field) {
    return list.stream().anyMatch(e -> e instanceof Map<?, ?> m && m.get(field) != null);
  }

  private static Object find(List<Object> list, String key, String value) {
    for (Object element : list) {
      if (value.equals(keyValue(element, key))) {
        return element;
      }
    }
    return null;
  }

  private static String keyValue(Object element, String key) {
    if (!(element instanceof Map<?, ?> map)) {
      return null;
    }
    Object value = map.get(key);
    if (value == null || value instanceof Map<?, ?> || value instanceof List<?>) {
      return null;
    }
    return value instanceof String text ? text : GoScalars.formatNumberOrBool(value);
  }

  private UserError unsupported(List<String> path, String what) {
    return new UserError(
        patchSource
            + ": "
            + what
            + " at "
            + (path.isEmpty() ? "the top level" : String.join(".", path))
            + " is not supported by the tfs-deploy renderer",
        "write this change as a JSON 6902 patch");
  }
}
