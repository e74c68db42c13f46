package dev.tfsdeploy.overlay;

import dev.tfsdeploy.UserError;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The field paths of kustomize's replacements ({@code
 * spec.template.spec.containers.[name=serving].image}), split as kyaml's SmarterPathSplitter does
 * ("\." is a dot inside a key; a bracketed part keeps its dots, and loses its brackets when it
 * holds no '=': {@code [app.kubernetes.io/name]} is one map key), and read from a source object as
 * kyaml's PathGetter reads them.
 */
final class FieldPath {
  /** Values kustomize treats as absent in a source (IsNilOrEmpty). */
  private static final Set<Object> EMPTY = Set.of(Map.of(), List.of());

  private static final Object NOTHING = new Object();

  private FieldPath() {}

  /** One place holding a value: a map entry or a list element. */
  record Slot(Object container, Object key) {
    @SuppressWarnings("unchecked")
    Object get() {
      return container instanceof Map<?, ?> map
          ? map.get(key)
          : ((List<Object>) container).get((Integer) key);
    }

    @SuppressWarnings("unchecked")
    void set(Object value) {
      if (container instanceof Map<?, ?> map) {
        ((Map<String, Object>) map).put((String) key, value);
      } else {
        ((List<Object>) container).set((Integer) key, value);
      }
    }

    /**
     * An entry of the object's metadata.annotations, which the renderer keeps as text (see
     * YamlReader).
     */
    boolean isAnnotationOf(Resource resource) {
      return container == Fields.map(Fields.map(resource.object(), "metadata"), "annotations");
    }
  }

  static List<String> split(String path) {
    List<String> pieces = new ArrayList<>();
    for (String piece : path.split("\\.", -1)) {
      int last = pieces.size() - 1;
      if (last >= 0 && pieces.get(last).endsWith("\\")) {
        String previous = pieces.get(last);
        pieces.set(last, previous.substring(0, previous.length() - 1) + "." + piece);
      } else {
        pieces.add(piece);
      }
    }
    List<String> parts = new ArrayList<>();
    for (int i = 0; i < pieces.size(); i++) {
      String piece = pieces.get(i);
      if (!piece.startsWith("[") || piece.endsWith("]")) {
        parts.add(piece);
        continue;
      }
      StringBuilder bracketed = new StringBuilder(piece);
      while (i < pieces.size() - 1) {
        bracketed.append('.').append(pieces.get(++i));
        if (pieces.get(i).endsWith("]")) {
          break;
        }
      }
      String joined = bracketed.toString();
      parts.add(joined.contains("=") ? joined : joined.replaceAll("^[\\[\\]]+|[\\[\\]]+$", ""));
    }
    return parts;
  }

  static boolean isListSelector(String part) {
    return part.startsWith("[") && part.endsWith("]");
  }

  /** {@code [name=value]} as {name, value} ({@code [=value]} matches the elements themselves). */
  static String[] listSelector(String part, String where) {
    String inner = part.substring(1, part.length() - 1);
    int equals = inner.indexOf('=');
    if (equals < 0) {
      throw new UserError(
          where + ": list path element '" + part + "' must be [fieldName=fieldValue]",
          "write it as [name=value], or use a list index");
    }
    return new String[] {inner.substring(0, equals), inner.substring(equals + 1)};
  }

  /**
   * Refuses paths at the object's metadata or annotations as a whole, or at kustomize's build
   * annotations: during a build those hold kustomize's own bookkeeping (previous names, prefixes),
   * which kustomize would copy along; and targets that would change what kind an object is.
   */
  static void refuseBookkeeping(
      List<String> parts, String fieldPath, boolean target, String where) {
    List<String> annotations = List.of("metadata", "annotations");
    boolean whole =
        parts.isEmpty() || parts.equals(List.of("metadata")) || parts.equals(annotations);
    boolean build =
        parts.size() > 2
            && parts.subList(0, 2).equals(annotations)
            && (parts.get(2).startsWith("internal.config.kubernetes.io/")
                || parts.get(2).startsWith("config.kubernetes.io/"));
    boolean identity =
        target && !parts.isEmpty() && List.of("kind", "apiVersion").contains(parts.get(0));
    if (whole || build || identity) {
      throw new UserError(
          where
              + ": fieldPath '"
              + fieldPath
              + "' is not supported by the tfs-deploy renderer"
              + (identity
                  ? " (it changes the object's kind)"
                  : " (kustomize would copy its build annotations)"),
          "name the fields inside it, e.g. metadata.annotations.some-key");
    }
  }

  /**
   * The source field, as kyaml's PathGetter finds it; an error when kustomize has nothing there.
   */
  static Slot source(Resource resource, String fieldPath, String where) {
    List<String> parts = new ArrayList<>();
    for (String part : split(fieldPath)) {
      if (!part.trim().isEmpty()) {
        parts.add(part.trim());
      }
    }
    refuseBookkeeping(parts, fieldPath, false, where);
    Object node = resource.object();
    Slot slot = null;
    for (String part : parts) {
      slot = step(node, part, resource, where + ": fieldPath '" + fieldPath + "'");
      if (slot == null) {
        break;
      }
      node = slot.get();
    }
    if (slot == null || node == null || EMPTY.contains(node)) {
      throw new UserError(
          where + ": fieldPath '" + fieldPath + "' is missing in " + resource.id(),
          "fix the fieldPath, or give the source that field");
    }
    return slot;
  }

  /** One step of kyaml's PathGetter: null when nothing is there. */
  private static Slot step(Object node, String part, Resource resource, String where) {
    if (part.equals("*")) {
      throw new UserError(
          where + ": a source cannot use the wildcard *",
          "name one element, e.g. [name=serving] or 0");
    }
    Long index = index(part);
    if (index != null && index < 0) {
      throw new UserError(
          where + ": array index " + index + " cannot be negative", "use 0, 1, ... or -");
    }
    if (index != null || part.equals("-") || isListSelector(part)) {
      if (!(node instanceof List<?> list)) {
        return whenAbsent(node, part, "a list", where);
      }
      if (part.equals("-")) {
        return list.isEmpty() ? null : new Slot(list, list.size() - 1);
      }
      if (index != null) {
        return index < list.size() ? new Slot(list, index.intValue()) : null;
      }
      String[] selector = listSelector(part, where);
      for (int i = 0; i < list.size(); i++) {
        Object element = list.get(i);
        Object compared =
            selector[0].isEmpty()
                ? element
                : element instanceof Map<?, ?> map && map.containsKey(selector[0])
                    ? map.get(selector[0])
                    : NOTHING;
        if (compared != NOTHING && sameText(compared, selector[1], resource, where)) {
          return new Slot(list, i);
        }
      }
      return null;
    }
    if (!(node instanceof Map<?, ?> map)) {
      return whenAbsent(node, part, "a map", where);
    }
    return map.containsKey(part) ? new Slot(map, part) : null;
  }

  /**
   * kyaml reads a null as an empty node of any kind; anything else of the wrong kind is an error.
   */
  private static Slot whenAbsent(Object node, String part, String expected, String where) {
    if (node == null) {
      return null;
    }
    throw new UserError(
        where + ": '" + part + "' needs " + expected + " but finds " + NodeText.kindOf(node),
        "fix the fieldPath");
  }

  /** kyaml's ElementMatcher: the node's text equals the wanted value exactly. */
  private static boolean sameText(Object value, String wanted, Resource resource, String where) {
    String text = NodeText.text(value, resource);
    if (text == null && (value != null || NodeText.NULL_SPELLINGS.contains(wanted))) {
      throw new UserError(
          where
              + ": cannot tell whether "
              + NodeText.kindOf(value)
              + " is spelled '"
              + wanted
              + "' in its file (kustomize compares the spelling)",
          "select the element by another field");
    }
    return wanted.equals(text);
  }

  /** A list index as strconv.Atoi reads it, or null. */
  static Long index(String part) {
    if (!part.matches("[+-]?[0-9]+")) {
      return null;
    }
    try {
      return Long.parseLong(part);
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
