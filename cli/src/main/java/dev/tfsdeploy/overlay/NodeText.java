package dev.tfsdeploy.overlay;

import dev.tfsdeploy.UserError;
import dev.tfsdeploy.yaml.GoScalars;
import dev.tfsdeploy.yaml.YamlReader;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Parsed values as kyaml's nodes see them, which is how replacements work: a scalar node is its
 * text plus a tag, and a replacement copies text into a node that keeps its tag (go-yaml then reads
 * the text under that tag, or fails). Containers have empty text.
 */
final class NodeText {
  /** How a null may be spelled; which one a file used is not kept. */
  static final Set<String> NULL_SPELLINGS = Set.of("", "~", "null", "Null", "NULL");

  /** A scalar node's tag; NONE for nodes kyaml creates without one (typed by their text). */
  enum Tag {
    STR,
    INT,
    FLOAT,
    BOOL,
    NULL,
    NONE;

    /** The tag of a parsed scalar (a Long or BigInteger is an int). */
    static Tag of(Object value) {
      if (value == null) {
        return NULL;
      }
      if (value instanceof String) {
        return STR;
      }
      if (value instanceof Boolean) {
        return BOOL;
      }
      return value instanceof Double ? FLOAT : INT;
    }
  }

  private NodeText() {}

  static boolean isContainer(Object value) {
    return value instanceof Map<?, ?> || value instanceof List<?>;
  }

  /**
   * The node's text, or null when the file's spelling is not known: a null, or a number or bool of
   * a resource whose files spell some of those unlike Go does.
   */
  static String text(Object value, Resource owner) {
    if (value instanceof String text) {
      return text;
    }
    if (isContainer(value)) {
      return "";
    }
    return value == null || owner.scalars().mayBeOdd() ? null : GoScalars.formatNumberOrBool(value);
  }

  /**
   * How kyaml may print the node (what PathMatcher's [field=regex] searches): the text plain or
   * quoted, since the file's quoting is not kept; null when even that is unclear.
   */
  static List<String> renderings(Object value, Resource owner) {
    if (value == null) {
      return List.copyOf(NULL_SPELLINGS);
    }
    String text = text(value, owner);
    if (text == null || isContainer(value)) {
      return null;
    }
    if (!(value instanceof String)) {
      return List.of(text);
    }
    boolean simple =
        text.chars().allMatch(c -> c >= 0x20 && c < 0x7f && c != '"' && c != '\'' && c != '\\');
    return simple && !(text.length() > 60 && text.contains(" "))
        ? List.of(text, '"' + text + '"', "'" + text + "'")
        : null;
  }

  /**
   * The value go-yaml reads from {@code text} in a node tagged {@code tag}; where/path name it in
   * errors.
   */
  static Object typed(String text, Tag tag, String where, String path) {
    if (tag == Tag.STR) {
      return text;
    }
    Object plain = YamlReader.plainScalar(text, where, path);
    Tag read = Tag.of(plain);
    if (tag == Tag.NONE || read == tag) {
      return plain;
    }
    if (tag == Tag.FLOAT && read == Tag.INT) {
      return ((Number) plain).doubleValue();
    }
    throw new UserError(
        where
            + ": kustomize cannot write '"
            + text
            + "' into the "
            + tag.name().toLowerCase(Locale.ROOT)
            + " at "
            + path
            + " (it keeps the field's type)",
        "make the source a matching value, or change the field's type");
  }

  /** The value for messages: "a map", "the string 'x'", "the value 5". */
  static String kindOf(Object value) {
    if (value instanceof Map<?, ?>) {
      return "a map";
    }
    if (value instanceof List<?>) {
      return "a list";
    }
    return value instanceof String text ? "the string '" + text + "'" : "the value " + value;
  }
}
