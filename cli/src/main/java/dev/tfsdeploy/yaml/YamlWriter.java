package dev.tfsdeploy.yaml;

import dev.tfsdeploy.UserError;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes an object exactly as {@code kubectl kustomize} prints it. Kustomize's output passes
 * through JSON and go-yaml v2 ({@code sigs.k8s.io/yaml}), so: keys sorted the go-yaml way, 2-space
 * indent, sequences not indented under their key, empty collections as {@code {}} / {@code []},
 * strings quoted only when go-yaml must, multi-line strings as literal blocks, long plain and
 * quoted strings folded past column 80. This class reproduces libyaml's emitter rules for that
 * subset of YAML.
 */
public final class YamlWriter {
  private static final int BEST_WIDTH = 80;
  private static final int BEST_INDENT = 2;

  private enum Style {
    PLAIN,
    SINGLE,
    DOUBLE,
    LITERAL
  }

  private final StringBuilder out = new StringBuilder();
  private int column;

  /** libyaml's "whitespace" flag: the last character written was whitespace (or line start). */
  private boolean whitespace = true;

  /** libyaml's "indention" flag: only indentation has been written on this line. */
  private boolean indention = true;

  private YamlWriter() {}

  /** One object as one YAML document, ending in a newline. */
  public static String write(Map<String, Object> document) {
    YamlWriter writer = new YamlWriter();
    if (document.isEmpty()) {
      return "{}\n";
    }
    writer.mapping(document, 0, false);
    if (writer.column > 0) {
      writer.newline(); // a literal block at the end already ended its last line, as in libyaml
    }
    return writer.out.toString();
  }

  private void mapping(Map<String, Object> map, int indent, boolean firstOnThisLine) {
    List<String> keys = new ArrayList<>(map.keySet());
    keys.sort(GoKeyOrder.INSTANCE);
    boolean first = true;
    for (String key : keys) {
      if (!(first && firstOnThisLine)) {
        writeIndent(indent);
      }
      first = false;
      scalar(key, indent, true);
      put(':');
      whitespace = false;
      indention = false;
      value(map.get(key), indent, true);
    }
  }

  private void sequence(List<?> list, int indent, boolean firstOnThisLine) {
    boolean first = true;
    for (Object item : list) {
      if (!(first && firstOnThisLine)) {
        writeIndent(indent);
      }
      first = false;
      if (!whitespace) {
        put(' ');
      }
      put('-');
      whitespace = false;
      value(item, indent, false);
    }
  }

  @SuppressWarnings("unchecked")
  private void value(Object value, int indent, boolean inMapping) {
    if (value instanceof Map<?, ?> map) {
      if (map.isEmpty()) {
        flow("{}");
      } else if (inMapping) {
        mapping((Map<String, Object>) map, indent + BEST_INDENT, false);
      } else {
        mapping((Map<String, Object>) map, indent + BEST_INDENT, true);
      }
    } else if (value instanceof List<?> list) {
      if (list.isEmpty()) {
        flow("[]");
      } else if (inMapping) {
        sequence(list, indent, false);
      } else {
        sequence(list, indent + BEST_INDENT, true);
      }
    } else if (value instanceof String text) {
      scalar(text, indent + BEST_INDENT, false);
    } else {
      plainToken(plainText(value));
    }
  }

  private static String plainText(Object value) {
    if (value == null) {
      return "null";
    }
    if (value instanceof Boolean
        || value instanceof Long
        || value instanceof Integer
        || value instanceof BigInteger
        || value instanceof Double) {
      return GoScalars.formatNumberOrBool(value);
    }
    throw new IllegalStateException("not a YAML scalar: " + value.getClass());
  }

  private void flow(String token) {
    if (!whitespace) {
      put(' ');
    }
    putText(token);
    whitespace = false;
    indention = false;
  }

  private void plainToken(String token) {
    flow(token);
  }

  // ---- scalars -------------------------------------------------------------------------------

  private void scalar(String text, int indent, boolean simpleKey) {
    int[] cps = text.codePoints().toArray();
    Analysis a = Analysis.of(cps);
    Style style;
    if (text.indexOf('\n') >= 0) {
      style = Style.LITERAL;
    } else if (GoScalars.needsQuotesInV2(text)) {
      style = Style.DOUBLE;
    } else {
      style = Style.PLAIN;
    }
    if (simpleKey && a.multiline) {
      style = Style.DOUBLE;
    }
    if (style == Style.PLAIN && (!a.blockPlainAllowed || cps.length == 0 && simpleKey)) {
      style = Style.SINGLE;
    }
    if (style == Style.SINGLE && !a.singleQuotedAllowed) {
      style = Style.DOUBLE;
    }
    if (style == Style.LITERAL && (!a.blockAllowed || simpleKey)) {
      style = Style.DOUBLE;
    }
    if (simpleKey && cps.length > 128) {
      throw new UserError(
          "a mapping key longer than 128 characters is not supported by the renderer: "
              + text.substring(0, 40)
              + "...",
          "shorten the key");
    }
    boolean allowBreaks = !simpleKey;
    switch (style) {
      case PLAIN -> writePlain(cps, indent, allowBreaks);
      case SINGLE -> writeSingleQuoted(cps, indent, allowBreaks);
      case DOUBLE -> writeDoubleQuoted(cps, indent, allowBreaks);
      case LITERAL -> writeLiteral(cps, indent);
    }
  }

  private void writePlain(int[] cps, int indent, boolean allowBreaks) {
    if (!whitespace) {
      put(' ');
    }
    boolean spaces = false;
    for (int i = 0; i < cps.length; i++) {
      int c = cps[i];
      if (c == ' ') {
        if (allowBreaks && !spaces && column > BEST_WIDTH && !isSpace(cps, i + 1)) {
          writeIndent(indent);
        } else {
          put(c);
        }
        spaces = true;
      } else {
        put(c);
        spaces = false;
      }
    }
    whitespace = false;
    indention = false;
  }

  private void writeSingleQuoted(int[] cps, int indent, boolean allowBreaks) {
    if (!whitespace) {
      put(' ');
    }
    put('\'');
    boolean spaces = false;
    for (int i = 0; i < cps.length; i++) {
      int c = cps[i];
      if (c == ' ') {
        if (allowBreaks
            && !spaces
            && column > BEST_WIDTH
            && i != 0
            && i != cps.length - 1
            && !isSpace(cps, i + 1)) {
          writeIndent(indent);
        } else {
          put(c);
        }
        spaces = true;
      } else {
        if (c == '\'') {
          put('\'');
        }
        put(c);
        spaces = false;
      }
    }
    put('\'');
    whitespace = false;
    indention = false;
  }

  private void writeDoubleQuoted(int[] cps, int indent, boolean allowBreaks) {
    if (!whitespace) {
      put(' ');
    }
    put('"');
    boolean spaces = false;
    for (int i = 0; i < cps.length; i++) {
      int c = cps[i];
      if (!Analysis.isPrintable(c) || c == 0xFEFF || Analysis.isBreak(c) || c == '"' || c == '\\') {
        put('\\');
        switch (c) {
          case 0x00 -> put('0');
          case 0x07 -> put('a');
          case 0x08 -> put('b');
          case 0x09 -> put('t');
          case 0x0A -> put('n');
          case 0x0B -> put('v');
          case 0x0C -> put('f');
          case 0x0D -> put('r');
          case 0x1B -> put('e');
          case 0x22 -> put('"');
          case 0x5C -> put('\\');
          case 0x85 -> put('N');
          case 0xA0 -> put('_');
          case 0x2028 -> put('L');
          case 0x2029 -> put('P');
          default -> {
            if (c <= 0xFF) {
              putText("x" + hex(c, 2));
            } else if (c <= 0xFFFF) {
              putText("u" + hex(c, 4));
            } else {
              putText("U" + hex(c, 8));
            }
          }
        }
        spaces = false;
      } else if (c == ' ') {
        if (allowBreaks && !spaces && column > BEST_WIDTH && i != 0 && i != cps.length - 1) {
          writeIndent(indent);
          if (isSpace(cps, i + 1)) {
            put('\\');
          }
        } else {
          put(c);
        }
        spaces = true;
      } else {
        put(c);
        spaces = false;
      }
    }
    put('"');
    whitespace = false;
    indention = false;
  }

  private void writeLiteral(int[] cps, int indent) {
    if (!whitespace) {
      put(' ');
    }
    put('|');
    if (cps.length > 0 && (cps[0] == ' ' || Analysis.isBreak(cps[0]))) {
      put((char) ('0' + BEST_INDENT));
    }
    if (cps.length == 0 || !Analysis.isBreak(cps[cps.length - 1])) {
      put('-');
    } else if (cps.length == 1 || Analysis.isBreak(cps[cps.length - 2])) {
      put('+');
    }
    newline();
    indention = true;
    whitespace = true;
    boolean breaks = true;
    for (int c : cps) {
      if (Analysis.isBreak(c)) {
        newline();
        indention = true;
        breaks = true;
      } else {
        if (breaks) {
          writeIndent(indent);
          indention = false;
        }
        put(c);
        breaks = false;
      }
    }
    // As libyaml: after a final line break the next line starts fresh (no extra break).
  }

  private static String hex(int value, int width) {
    StringBuilder s = new StringBuilder(Integer.toHexString(value).toUpperCase(Locale.ROOT));
    while (s.length() < width) {
      s.insert(0, '0');
    }
    return s.toString();
  }

  private static boolean isSpace(int[] cps, int i) {
    return i < cps.length && cps[i] == ' ';
  }

  // ---- low-level output ------------------------------------------------------------------------

  /** libyaml's write_indent: a line break unless only indentation is on this line, then padding. */
  private void writeIndent(int indent) {
    if (!indention || column > indent || column == indent && !whitespace) {
      newline();
    }
    while (column < indent) {
      put(' ');
    }
    whitespace = true;
    indention = true;
  }

  private void newline() {
    out.append('\n');
    column = 0;
    whitespace = true;
    indention = true;
  }

  private void put(int codePoint) {
    out.appendCodePoint(codePoint);
    column++;
  }

  private void putText(String text) {
    text.codePoints().forEach(this::put);
  }

  /** libyaml's analysis of a scalar: which styles can represent it. */
  private static final class Analysis {
    boolean multiline;
    boolean blockPlainAllowed = true;
    boolean singleQuotedAllowed = true;
    boolean blockAllowed = true;

    static Analysis of(int[] v) {
      Analysis a = new Analysis();
      if (v.length == 0) {
        a.blockAllowed = false;
        return a;
      }
      boolean blockIndicators = false;
      boolean lineBreaks = false;
      boolean specialCharacters = false;
      boolean leadingSpace = false;
      boolean leadingBreak = false;
      boolean trailingSpace = false;
      boolean trailingBreak = false;
      boolean breakSpace = false;
      boolean spaceBreak = false;
      boolean previousSpace = false;
      boolean previousBreak = false;
      if (v.length >= 3
          && (v[0] == '-' && v[1] == '-' && v[2] == '-'
              || v[0] == '.' && v[1] == '.' && v[2] == '.')) {
        blockIndicators = true;
      }
      boolean precededByWhitespace = true;
      boolean followedByWhitespace = isBlankz(v, 1);
      for (int i = 0; i < v.length; i++) {
        int c = v[i];
        if (i == 0) {
          if ("#,[]{}&*!|>'\"%@`".indexOf(c) >= 0) {
            blockIndicators = true;
          }
          if ((c == '?' || c == ':') && followedByWhitespace) {
            blockIndicators = true;
          }
          if (c == '-' && followedByWhitespace) {
            blockIndicators = true;
          }
        } else {
          if (c == ':' && followedByWhitespace) {
            blockIndicators = true;
          }
          if (c == '#' && precededByWhitespace) {
            blockIndicators = true;
          }
        }
        if (!isPrintable(c)) {
          specialCharacters = true;
        }
        if (isBreak(c)) {
          lineBreaks = true;
        }
        if (c == ' ') {
          if (i == 0) {
            leadingSpace = true;
          }
          if (i == v.length - 1) {
            trailingSpace = true;
          }
          if (previousBreak) {
            breakSpace = true;
          }
          previousSpace = true;
          previousBreak = false;
        } else if (isBreak(c)) {
          if (i == 0) {
            leadingBreak = true;
          }
          if (i == v.length - 1) {
            trailingBreak = true;
          }
          if (previousSpace) {
            spaceBreak = true;
          }
          previousSpace = false;
          previousBreak = true;
        } else {
          previousSpace = false;
          previousBreak = false;
        }
        precededByWhitespace = isBlankz(v, i);
        followedByWhitespace = isBlankz(v, i + 2);
      }
      a.multiline = lineBreaks;
      if (leadingSpace || leadingBreak || trailingSpace || trailingBreak) {
        a.blockPlainAllowed = false;
      }
      if (trailingSpace) {
        a.blockAllowed = false;
      }
      if (breakSpace) {
        a.blockPlainAllowed = false;
        a.singleQuotedAllowed = false;
      }
      if (spaceBreak || specialCharacters) {
        a.blockPlainAllowed = false;
        a.singleQuotedAllowed = false;
        a.blockAllowed = false;
      }
      if (lineBreaks) {
        a.blockPlainAllowed = false;
      }
      if (blockIndicators) {
        a.blockPlainAllowed = false;
      }
      return a;
    }

    static boolean isBlankz(int[] v, int i) {
      if (i >= v.length) {
        return true;
      }
      int c = v[i];
      return c == ' ' || c == '\t' || isBreak(c) || c == 0;
    }

    static boolean isBreak(int c) {
      return c == '\r' || c == '\n' || c == 0x85 || c == 0x2028 || c == 0x2029;
    }

    /** libyaml's is_printable, in code points (4-byte UTF-8 characters are not "printable"). */
    static boolean isPrintable(int c) {
      return c == 0x0A
          || c >= 0x20 && c <= 0x7E
          || c >= 0xA0 && c <= 0xD7FF
          || c >= 0xE000 && c <= 0xFFFD && c != 0xFEFF;
    }
  }
}
