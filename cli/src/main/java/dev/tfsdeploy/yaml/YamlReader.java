package dev.tfsdeploy.yaml;

import dev.tfsdeploy.UserError;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * Reads YAML the way kustomize does (go-yaml v3 under kyaml): scalars are typed by go-yaml's rules,
 * not SnakeYAML's YAML 1.1 ones ({@code yes} stays a string, {@code 017} is octal, {@code 1_000} is
 * an int). SnakeYAML only parses; typing happens here, so a plain {@code on} and a quoted {@code
 * "on"} are both strings exactly as in kustomize.
 *
 * <p>Values come back as {@link LinkedHashMap}, {@link ArrayList}, {@link String}, {@link Long},
 * {@link BigInteger} (above Long.MAX_VALUE, up to uint64), {@link Double}, {@link Boolean} or null.
 */
public final class YamlReader {
  private static final Pattern FLOAT =
      Pattern.compile("^[-+]?(\\.[0-9]+|[0-9]+(\\.[0-9]*)?)([eE][-+]?[0-9]+)?$");
  private static final Pattern ANNOTATION_VALUE = Pattern.compile("^/metadata/annotations/[^/]+$");
  private static final Pattern TIMESTAMP_START = Pattern.compile("^[0-9]{4}-.*");
  private static final BigInteger UINT64_MAX =
      BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

  private static final java.util.Set<String> V2_TRUE =
      java.util.Set.of("y", "Y", "yes", "Yes", "YES", "on", "On", "ON");
  private static final java.util.Set<String> V2_FALSE =
      java.util.Set.of("n", "N", "no", "No", "NO", "off", "Off", "OFF");

  private final String source;

  /**
   * go-yaml v2 (YAML 1.1) typing, used where kustomize converts YAML to JSON with sigs.k8s.io/yaml.
   */
  private final boolean yaml11;

  /**
   * Whether a repeated mapping key replaces the earlier one, as in the files kustomize unmarshals
   * leniently (kustomizations, JSON patches); kyaml refuses them in resources.
   */
  private final boolean lastKeyWins;

  /** Whether a number or bool was spelled other than Go prints it (see {@link #parse}). */
  private boolean oddSpelling;

  private YamlReader(String source, boolean yaml11) {
    this(source, yaml11, false);
  }

  private YamlReader(String source, boolean yaml11, boolean lastKeyWins) {
    this.source = source;
    this.yaml11 = yaml11;
    this.lastKeyWins = lastKeyWins;
  }

  /** Every non-empty document of a multi-document YAML text; {@code source} names it in errors. */
  public static List<Object> documents(String text, String source) {
    return documents(text, source, false);
  }

  /**
   * Like {@link #documents(String, String)} but with YAML 1.1 typing (yes/no/on/off are bools) and
   * the last of repeated keys kept, as sigs.k8s.io/yaml reads JSON patches.
   */
  public static List<Object> documentsYaml11(String text, String source) {
    return new YamlReader(source, true, true).read(text);
  }

  /** The documents with the last of repeated keys kept (kustomize reads kustomizations so). */
  public static List<Object> documentsLastKeyWins(String text, String source) {
    return new YamlReader(source, false, true).read(text);
  }

  private static List<Object> documents(String text, String source, boolean yaml11) {
    return new YamlReader(source, yaml11).read(text);
  }

  /**
   * The documents of {@code text}, and whether some number or bool in it is spelled other than Go
   * prints it ({@code 0x1F}, {@code 1.0}, {@code True}, {@code !!int 5}): kustomize's replacements
   * copy a scalar's spelling, which the parsed value no longer has. One pass over the text.
   */
  public static Parsed parse(String text, String source) {
    YamlReader reader = new YamlReader(source, false);
    List<Object> documents = reader.read(text);
    return new Parsed(documents, reader.oddSpelling);
  }

  /** A text's non-empty documents, and whether it spells a number or bool unusually. */
  public record Parsed(List<Object> documents, boolean oddSpelling) {}

  /**
   * What go-yaml v3 makes of {@code text} written as a plain (untagged) scalar; path names it in
   * errors.
   */
  public static Object plainScalar(String text, String source, String path) {
    return new YamlReader(source, false).resolvePlain(text, path);
  }

  private List<Object> read(String text) {
    String yaml = text;
    while (true) {
      try {
        return readOnce(yaml);
      } catch (MarkedYAMLException e) {
        String separated = tabAfterColonAsSpace(yaml, e);
        if (separated == null) {
          throw syntaxError(e);
        }
        yaml = separated;
      }
    }
  }

  /**
   * go-yaml takes a tab after a mapping's colon ({@code key:\tvalue}) as the space separating the
   * value, SnakeYAML refuses it: the text with the tab it stopped at turned into a space, if that
   * tab follows a colon and only blanks on its line; else null.
   */
  private static String tabAfterColonAsSpace(String text, MarkedYAMLException e) {
    if (e.getProblemMark() == null || e.getProblem() == null || !e.getProblem().contains("(TAB)")) {
      return null;
    }
    int at =
        text.offsetByCodePoints(
            0, Math.min(e.getProblemMark().getIndex(), text.codePointCount(0, text.length())));
    if (at >= text.length() || text.charAt(at) != '\t') {
      return null;
    }
    int before = at - 1;
    while (before >= 0 && (text.charAt(before) == ' ' || text.charAt(before) == '\t')) {
      before--;
    }
    if (before < 0 || text.charAt(before) != ':') {
      return null;
    }
    return text.substring(0, at) + ' ' + text.substring(at + 1);
  }

  private UserError syntaxError(MarkedYAMLException e) {
    return new UserError(
        source
            + ": invalid YAML at line "
            + (e.getProblemMark().getLine() + 1)
            + ": "
            + e.getProblem(),
        "fix the YAML syntax");
  }

  private List<Object> readOnce(String text) {
    List<Object> documents = new ArrayList<>();
    try {
      for (Node node : YamlInput.compose(text, source, new PlainResolver())) {
        Object value = value(node, "");
        if (value != null) {
          documents.add(value);
        }
      }
    } catch (MarkedYAMLException e) {
      throw e;
    } catch (YAMLException e) {
      throw new UserError(source + ": invalid YAML: " + e.getMessage(), "fix the YAML syntax");
    }
    return documents;
  }

  /** One YAML document (or null when empty). */
  public static Object document(String text, String source) {
    return one(documents(text, source), source);
  }

  /** One YAML document (or null when empty), the last of repeated keys kept. */
  public static Object documentLastKeyWins(String text, String source) {
    return one(documentsLastKeyWins(text, source), source);
  }

  private static Object one(List<Object> documents, String source) {
    if (documents.size() > 1) {
      throw new UserError(
          source + " holds " + documents.size() + " YAML documents, expected one", null);
    }
    return documents.isEmpty() ? null : documents.get(0);
  }

  /** Resolves no plain scalar implicitly: every scalar stays a string unless explicitly tagged. */
  private static final class PlainResolver extends Resolver {
    @Override
    protected void addImplicitResolvers() {}
  }

  private Object value(Node node, String path) {
    if (node instanceof MappingNode mapping) {
      Map<String, Object> map = new LinkedHashMap<>();
      for (NodeTuple tuple : mapping.getValue()) {
        if (!(tuple.getKeyNode() instanceof ScalarNode keyNode)) {
          throw unsupported(path, "a mapping key that is not a scalar");
        }
        Object key = scalar(keyNode, path);
        if ("<<".equals(keyNode.getValue()) && keyNode.isPlain()) {
          throw unsupported(path, "YAML merge keys (<<)");
        }
        if (!(key instanceof String name)) {
          throw new UserError(
              source
                  + ": mapping key '"
                  + keyNode.getValue()
                  + "' at "
                  + display(path)
                  + " is not a string",
              "quote the key");
        }
        String childPath = path + "/" + name;
        if (map.containsKey(name) && !lastKeyWins) {
          throw new UserError(
              source + ": mapping key '" + name + "' already defined at " + display(path),
              "remove the duplicate key");
        }
        map.put(name, value(tuple.getValueNode(), childPath));
      }
      return map;
    }
    if (node instanceof SequenceNode sequence) {
      List<Object> list = new ArrayList<>();
      int index = 0;
      for (Node item : sequence.getValue()) {
        list.add(value(item, path + "/" + index++));
      }
      return list;
    }
    ScalarNode scalar = (ScalarNode) node;
    if (ANNOTATION_VALUE.matcher(path).matches() && scalar.getTag().equals(Tag.STR)) {
      // kustomize rewrites annotations as a map of strings: every value becomes its source text.
      return scalar.getValue();
    }
    return scalar(scalar, path);
  }

  private Object scalar(ScalarNode node, String path) {
    Tag tag = node.getTag();
    String text = node.getValue();
    if (tag.equals(Tag.STR)) {
      if (!node.isPlain()) {
        return text;
      }
      Object value = resolvePlain(text, path);
      oddSpelling |= GoScalars.isOddSpelling(value, text);
      return value;
    }
    if (tag.equals(Tag.NULL)) {
      return null;
    }
    if (tag.equals(Tag.BOOL) || tag.equals(Tag.INT) || tag.equals(Tag.FLOAT)) {
      oddSpelling = true;
      Object value = resolvePlain(text, path);
      String expected =
          tag.equals(Tag.BOOL) ? "Boolean" : tag.equals(Tag.INT) ? "Number" : "Double";
      boolean matches =
          tag.equals(Tag.BOOL)
              ? value instanceof Boolean
              : tag.equals(Tag.INT)
                  ? value instanceof Long || value instanceof BigInteger
                  : value instanceof Double || value instanceof Long;
      if (!matches) {
        throw new UserError(
            source
                + ": value '"
                + text
                + "' at "
                + display(path)
                + " is not a valid "
                + tag.getValue(),
            "fix the value or drop the tag (" + expected + " expected)");
      }
      return tag.equals(Tag.FLOAT) && value instanceof Long number
          ? (Object) number.doubleValue()
          : value;
    }
    throw unsupported(path, "the YAML tag " + tag.getValue());
  }

  /** go-yaml v3's typing of a plain scalar (or v2's, for YAML-to-JSON conversions). */
  private Object resolvePlain(String text, String path) {
    if (yaml11 && V2_TRUE.contains(text)) {
      return Boolean.TRUE;
    }
    if (yaml11 && V2_FALSE.contains(text)) {
      return Boolean.FALSE;
    }
    switch (text) {
      case "", "~", "null", "Null", "NULL":
        return null;
      case "true", "True", "TRUE":
        return Boolean.TRUE;
      case "false", "False", "FALSE":
        return Boolean.FALSE;
      case ".inf",
      ".Inf",
      ".INF",
      "+.inf",
      "+.Inf",
      "+.INF",
      "-.inf",
      "-.Inf",
      "-.INF",
      ".nan",
      ".NaN",
      ".NAN":
        throw unsupported(
            path, "the non-finite number " + text + " (kustomize cannot write it as JSON)");
      default:
        break;
    }
    char first = text.charAt(0);
    if (!(Character.isDigit(first) || first == '+' || first == '-' || first == '.')) {
      return text;
    }
    if (TIMESTAMP_START.matcher(text).matches() && GoScalars.isTimestamp(text)) {
      throw unsupported(
          path, "the unquoted timestamp " + text + " (kustomize rewrites it); quote it");
    }
    String plain = text.replace("_", "");
    BigInteger integer = GoScalars.parseGoInteger(plain);
    if (integer != null && integer.bitLength() < 64) {
      return integer.longValue();
    }
    if (integer != null && integer.signum() > 0 && integer.compareTo(UINT64_MAX) <= 0) {
      return integer;
    }
    if (FLOAT.matcher(plain).matches()) {
      double value = Double.parseDouble(plain);
      if (Double.isInfinite(value)) {
        throw unsupported(path, "the out-of-range number " + text);
      }
      return value;
    }
    if (plain.startsWith("0b")
        || plain.startsWith("-0b")
        || plain.startsWith("0o")
        || plain.startsWith("-0o")) {
      boolean negative = plain.startsWith("-");
      String digits = plain.substring(negative ? 3 : 2);
      int radix = plain.contains("0b") ? 2 : 8;
      try {
        BigInteger value = new BigInteger(digits, radix);
        value = negative ? value.negate() : value;
        if (value.bitLength() < 64) {
          return value.longValue();
        }
      } catch (NumberFormatException e) {
        return text;
      }
    }
    return text;
  }

  private UserError unsupported(String path, String what) {
    return new UserError(
        source + ": " + what + " at " + display(path) + " is not supported by the renderer",
        "rewrite the value");
  }

  private static String display(String path) {
    return path.isEmpty() ? "the top level" : path;
  }
}
