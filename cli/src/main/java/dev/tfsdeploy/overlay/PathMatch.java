package dev.tfsdeploy.overlay;

import dev.tfsdeploy.UserError;
import dev.tfsdeploy.overlay.FieldPath.Slot;
import dev.tfsdeploy.yaml.GoScalars;
import dev.tfsdeploy.yaml.YamlReader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The fields a replacement target's fieldPath names in one object, found as kyaml's PathMatcher
 * finds them: {@code [field=regex]} takes the list elements whose field's YAML text the unanchored
 * regular expression finds ({@code [=regex]} matches elements themselves), a number one element,
 * {@code *} every element of a list. With create, missing map fields, a list's next element and
 * {@code [field=value]} elements are added. A null on the way is an empty node of whatever kind the
 * path needs, and what is created under it is lost, as in kyaml.
 */
final class PathMatch {
  /** A scalar leaf just created; the write that follows replaces it. */
  static final Object CREATED = new Object();

  /**
   * Regular expression syntax that Go's RE2 and java.util.regex read differently (or only one
   * reads).
   */
  private static final Pattern DIALECT =
      Pattern.compile("\\(\\?|\\[:|\\[\\[|&&|\\\\[pPQEzZAGbBhHvVR]|[*+?}]\\+");

  /** What a created leaf is: a scalar, a map or a list, like the value written into it. */
  enum Leaf {
    SCALAR,
    MAP,
    LIST
  }

  private final Resource resource;
  private final List<String> parts;
  private final Leaf create;
  private final String where;

  private PathMatch(Resource resource, List<String> parts, Leaf create, String where) {
    this.resource = resource;
    this.parts = parts;
    this.create = create;
    this.where = where;
  }

  /** The fields at {@code fieldPath}; with {@code create} non-null, missing ones are added. */
  static List<Slot> find(Resource resource, String fieldPath, Leaf create, String where) {
    List<String> parts = FieldPath.split(fieldPath);
    FieldPath.refuseBookkeeping(parts, fieldPath, true, where);
    if (parts.stream().anyMatch(String::isEmpty)) {
      throw new UserError(
          where + ": fieldPath '" + fieldPath + "' has an empty part", "remove the extra '.'");
    }
    String at = where + ": fieldPath '" + fieldPath + "' in " + resource.id();
    return new PathMatch(resource, parts, create, at).filter(resource.object(), null, 0);
  }

  private List<Slot> filter(Object node, Slot slot, int i) {
    if (i == parts.size()) {
      return List.of(slot);
    }
    String part = parts.get(i);
    Long index = FieldPath.index(part);
    if (index != null && index >= 0) {
      return element(list(node, i), index, i);
    }
    if (FieldPath.isListSelector(part)) {
      return matching(list(node, i), part, i);
    }
    if (part.equals("*")) {
      List<Object> list = list(node, i);
      List<Slot> found = new ArrayList<>();
      for (int e = 0; e < list.size(); e++) {
        found.addAll(filter(list.get(e), new Slot(list, e), i + 1));
      }
      return found;
    }
    Map<String, Object> map = map(node, i);
    if (!map.containsKey(part)) {
      if (create == null) {
        return List.of();
      }
      map.put(part, created(i + 1));
    }
    return filter(map.get(part), new Slot(map, part), i + 1);
  }

  private List<Slot> element(List<Object> list, long index, int i) {
    if (list.size() == index && create != null) {
      list.add(created(i + 1));
    }
    if (list.size() <= index) {
      throw new UserError(
          where + ": index " + index + " specified but only " + list.size() + " elements found",
          "fix the index" + (create == null ? "" : " (create adds only the next element)"));
    }
    return filter(list.get((int) index), new Slot(list, (int) index), i + 1);
  }

  /**
   * [field=regex] / [=regex]; kyaml returns a [=regex] element itself, ignoring the rest of the
   * path.
   */
  private List<Slot> matching(List<Object> list, String part, int i) {
    String[] selector = FieldPath.listSelector(part, where);
    Pattern regex = regex(selector[1]);
    List<Slot> found = new ArrayList<>();
    for (int e = 0; e < list.size(); e++) {
      Object element = list.get(e);
      if (selector[0].isEmpty()) {
        if (finds(regex, element)) {
          found.add(new Slot(list, e));
        }
      } else if (element instanceof Map<?, ?> map
          && map.containsKey(selector[0])
          && finds(regex, map.get(selector[0]))) {
        found.addAll(filter(element, new Slot(list, e), i + 1));
      }
    }
    if (!found.isEmpty() || create == null) {
      return found;
    }
    if (!selector[1].matches("[A-Za-z0-9_][A-Za-z0-9_./:-]*")) {
      throw new UserError(
          where
              + ": create with '"
              + part
              + "' needs a plain value to add (kyaml would add the "
              + "pattern as text and may never match it)",
          "use a literal value like [name=serving]");
    }
    Object value = YamlReader.plainScalar(selector[1], where, part);
    if (GoScalars.isOddSpelling(value, selector[1])) {
      resource.scalars().markOdd();
    }
    if (selector[0].isEmpty()) {
      list.add(value);
      Slot slot = new Slot(list, list.size() - 1);
      resource.scalars().markUntagged(slot);
      return List.of(slot);
    }
    Map<String, Object> element = new LinkedHashMap<>();
    element.put(selector[0], value);
    resource.scalars().markUntagged(new Slot(element, selector[0]));
    list.add(element);
    return filter(element, new Slot(list, list.size() - 1), i + 1);
  }

  private Pattern regex(String pattern) {
    if (DIALECT.matcher(pattern).find()) {
      throw new UserError(
          where
              + ": the pattern '"
              + pattern
              + "' uses regular expression syntax the renderer "
              + "cannot match exactly as Go does",
          "use a simpler pattern");
    }
    try {
      return Pattern.compile(pattern);
    } catch (PatternSyntaxException e) {
      throw new UserError(
          where + ": invalid regular expression '" + pattern + "'", "fix the pattern");
    }
  }

  /**
   * Whether the regex finds the node's YAML text; refused when that depends on quoting the file
   * does not keep.
   */
  private boolean finds(Pattern regex, Object value) {
    if (regex.pattern().isEmpty()) {
      return true;
    }
    List<String> renderings = NodeText.renderings(value, resource);
    if (renderings == null
        || renderings.stream().map(text -> regex.matcher(text).find()).distinct().count() > 1) {
      throw new UserError(
          where
              + ": cannot tell whether '"
              + regex.pattern()
              + "' matches "
              + NodeText.kindOf(value)
              + " as kustomize prints it",
          "select list elements by a plain string field, e.g. [name=serving]");
    }
    return regex.matcher(renderings.get(0)).find();
  }

  /**
   * A created node before part {@code next}: the leaf as asked, a list before an index or [..],
   * else a map.
   */
  private Object created(int next) {
    if (next == parts.size()) {
      return create == Leaf.SCALAR
          ? CREATED
          : create == Leaf.LIST ? new ArrayList<>() : new LinkedHashMap<>();
    }
    String part = parts.get(next);
    Long index = FieldPath.index(part);
    boolean list = index != null && index >= 0 || FieldPath.isListSelector(part);
    return list ? new ArrayList<>() : new LinkedHashMap<>();
  }

  @SuppressWarnings("unchecked")
  private List<Object> list(Object node, int i) {
    if (node instanceof List<?> list) {
      return (List<Object>) list;
    }
    if (node == null) {
      return new ArrayList<>();
    }
    throw wrongKind(node, i, "a list");
  }

  @SuppressWarnings("unchecked")
  private Map<String, Object> map(Object node, int i) {
    if (node instanceof Map<?, ?> map) {
      return (Map<String, Object>) map;
    }
    if (node == null) {
      return new LinkedHashMap<>();
    }
    throw wrongKind(node, i, "a map");
  }

  private UserError wrongKind(Object node, int i, String expected) {
    String path = String.join(".", parts.subList(0, i));
    return new UserError(
        where
            + ": '"
            + parts.get(i)
            + "' needs "
            + expected
            + " but "
            + (path.isEmpty() ? "the object" : path)
            + " is "
            + NodeText.kindOf(node),
        "fix the fieldPath");
  }
}
