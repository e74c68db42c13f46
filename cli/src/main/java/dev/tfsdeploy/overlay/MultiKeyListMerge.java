package dev.tfsdeploy.overlay;

import dev.tfsdeploy.yaml.GoScalars;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BinaryOperator;

/**
 * Strategic merge of a list whose merge key has several fields ({@code x-kubernetes-list-map-keys},
 * e.g. port + protocol), as kustomize's kyaml does it when every element sets every key: the
 * patch's elements matching no element of the object come first, in the patch's order, then the
 * object's elements in their order, each merged with the patch element of the same keys. kyaml's
 * results for elements missing a key, repeated keys or {@code $patch} directives are inconsistent,
 * so {@link #problem} names them and the caller names the list instead.
 */
final class MultiKeyListMerge {
  private MultiKeyListMerge() {}

  /** Null when every element of both lists sets every key once, else the reason it does not. */
  static String problem(List<Object> dest, List<Object> patch, List<String> keys) {
    for (List<Object> list : List.of(dest, patch)) {
      List<List<String>> seen = new ArrayList<>();
      for (Object element : list) {
        if (element instanceof Map<?, ?> map && map.containsKey("$patch")) {
          return "a $patch directive on an element";
        }
        List<String> values = values(element, keys);
        if (values == null) {
          return "an element without all of " + String.join(", ", keys);
        }
        if (seen.contains(values)) {
          return "two elements with the same " + String.join(" and ", keys);
        }
        seen.add(values);
      }
    }
    return null;
  }

  /** The merged list; {@code mergeElement} merges a patch element into an object element. */
  static List<Object> merge(
      List<Object> dest,
      List<Object> patch,
      List<String> keys,
      BinaryOperator<Object> mergeElement) {
    List<Object> result = new ArrayList<>();
    for (Object element : patch) {
      if (find(dest, keys, values(element, keys)) == null) {
        result.add(mergeElement.apply(null, element));
      }
    }
    for (Object element : dest) {
      Object patchElement = find(patch, keys, values(element, keys));
      result.add(patchElement == null ? element : mergeElement.apply(element, patchElement));
    }
    return result;
  }

  private static Object find(List<Object> list, List<String> keys, List<String> values) {
    for (Object element : list) {
      if (values.equals(values(element, keys))) {
        return element;
      }
    }
    return null;
  }

  /** The element's key values as kyaml compares them (their text), or null if one is missing. */
  private static List<String> values(Object element, List<String> keys) {
    if (!(element instanceof Map<?, ?> map)) {
      return null;
    }
    List<String> values = new ArrayList<>();
    for (String key : keys) {
      Object value = map.get(key);
      if (value == null || value instanceof Map<?, ?> || value instanceof List<?>) {
        return null;
      }
      values.add(value instanceof String text ? text : GoScalars.formatNumberOrBool(value));
    }
    return values;
  }
}
