package dev.tfsdeploy.overlay;

import dev.tfsdeploy.UserError;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** RFC 6902 JSON patch operations (add, remove, replace, move, copy, test) on a parsed object. */
final class JsonPatch {
  private final List<Map<String, Object>> operations;
  private final String source;

  private JsonPatch(List<Map<String, Object>> operations, String source) {
    this.operations = operations;
    this.source = source;
  }

  /** The operations in a parsed patch document, checked for shape. */
  @SuppressWarnings("unchecked")
  static JsonPatch of(List<?> document, String source) {
    List<Map<String, Object>> operations = new ArrayList<>();
    for (Object op : document) {
      if (!(op instanceof Map<?, ?> map)
          || !(map.get("op") instanceof String)
          || !(map.get("path") instanceof String)) {
        throw new UserError(
            source + ": each JSON patch operation needs 'op' and 'path'",
            "write operations like {op: replace, path: /spec/replicas, value: 2}");
      }
      String name = (String) map.get("op");
      if (!List.of("add", "remove", "replace", "move", "copy", "test").contains(name)) {
        throw new UserError(
            source + ": unknown JSON patch operation '" + name + "'",
            "use add, remove, replace, move, copy or test");
      }
      if (List.of("move", "copy").contains(name) && !(map.get("from") instanceof String)) {
        throw new UserError(
            source + ": JSON patch operation '" + name + "' needs 'from'", "add from: /path");
      }
      operations.add((Map<String, Object>) map);
    }
    return new JsonPatch(operations, source);
  }

  void apply(Map<String, Object> object, String target) {
    for (Map<String, Object> op : operations) {
      String path = (String) op.get("path");
      try {
        switch ((String) op.get("op")) {
          case "add" -> add(object, path, Fields.copy(value(op)));
          case "remove" -> remove(object, path);
          case "replace" -> {
            get(object, path);
            remove(object, path);
            add(object, path, Fields.copy(value(op)));
          }
          case "move" -> {
            Object moved = get(object, (String) op.get("from"));
            remove(object, (String) op.get("from"));
            add(object, path, moved);
          }
          case "copy" -> add(object, path, Fields.copy(get(object, (String) op.get("from"))));
          case "test" -> {
            if (!Objects.equals(get(object, path), value(op))) {
              throw new IllegalArgumentException("testing value " + path + " failed");
            }
          }
          default -> throw new IllegalStateException();
        }
      } catch (IllegalArgumentException e) {
        throw new UserError(
            source
                + ": JSON patch operation "
                + op.get("op")
                + " "
                + path
                + " failed on "
                + target
                + ": "
                + e.getMessage(),
            "fix the patch's path");
      }
    }
  }

  private Object value(Map<String, Object> op) {
    if (!op.containsKey("value")) {
      throw new IllegalArgumentException("missing value");
    }
    return op.get("value");
  }

  private static List<String> tokens(String pointer) {
    if (pointer.isEmpty()) {
      throw new IllegalArgumentException("the whole document cannot be patched");
    }
    if (!pointer.startsWith("/")) {
      throw new IllegalArgumentException("path must start with /");
    }
    List<String> tokens = new ArrayList<>();
    for (String raw : pointer.substring(1).split("/", -1)) {
      tokens.add(raw.replace("~1", "/").replace("~0", "~"));
    }
    return tokens;
  }

  @SuppressWarnings("unchecked")
  private static Object container(Object root, List<String> tokens) {
    Object node = root;
    for (String token : tokens.subList(0, tokens.size() - 1)) {
      node = child(node, token);
    }
    return node;
  }

  @SuppressWarnings("unchecked")
  private static Object child(Object node, String token) {
    if (node instanceof Map<?, ?> map) {
      if (!map.containsKey(token)) {
        throw new IllegalArgumentException("missing key " + token);
      }
      return map.get(token);
    }
    if (node instanceof List<?> list) {
      int index = index(token, list.size() - 1);
      return list.get(index);
    }
    throw new IllegalArgumentException("cannot descend into a scalar at " + token);
  }

  private static int index(String token, int max) {
    try {
      int index = Integer.parseInt(token);
      if (index < 0 || index > max || token.length() > 1 && token.startsWith("0")) {
        throw new IllegalArgumentException("index " + token + " out of range");
      }
      return index;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("'" + token + "' is not an array index");
    }
  }

  private static Object get(Object root, String pointer) {
    List<String> tokens = tokens(pointer);
    return child(container(root, tokens), tokens.get(tokens.size() - 1));
  }

  @SuppressWarnings("unchecked")
  private static void add(Object root, String pointer, Object value) {
    List<String> tokens = tokens(pointer);
    Object parent = container(root, tokens);
    String last = tokens.get(tokens.size() - 1);
    if (parent instanceof Map<?, ?> map) {
      ((Map<String, Object>) map).put(last, value);
    } else if (parent instanceof List<?> list) {
      List<Object> items = (List<Object>) list;
      items.add(last.equals("-") ? items.size() : index(last, items.size()), value);
    } else {
      throw new IllegalArgumentException("cannot add to a scalar");
    }
  }

  @SuppressWarnings("unchecked")
  private static void remove(Object root, String pointer) {
    List<String> tokens = tokens(pointer);
    Object parent = container(root, tokens);
    String last = tokens.get(tokens.size() - 1);
    if (parent instanceof Map<?, ?> map) {
      if (!map.containsKey(last)) {
        throw new IllegalArgumentException("missing key " + last);
      }
      map.remove(last);
    } else if (parent instanceof List<?> list) {
      ((List<Object>) list).remove(index(last, list.size() - 1));
    } else {
      throw new IllegalArgumentException("cannot remove from a scalar");
    }
  }
}
