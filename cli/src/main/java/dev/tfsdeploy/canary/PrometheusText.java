package dev.tfsdeploy.canary;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Prometheus' text exposition format (version 0.0.4) read into samples: {@code name{label="value",
 * ...} value [timestamp]}, with {@code #} lines (HELP, TYPE) skipped. Label values unescape {@code
 * \\}, {@code \"} and {@code \n}, as the format defines. TF Serving writes this format on its REST
 * port when its monitoring config enables Prometheus.
 */
public final class PrometheusText {
  private PrometheusText() {}

  /** One sample line. */
  public record Sample(String name, Map<String, String> labels, double value) {
    /** The label's value, or "" when the sample has no such label (as Prometheus treats it). */
    public String label(String name) {
      return labels.getOrDefault(name, "");
    }
  }

  /** The samples of a page, in page order; a line that is not a sample names its line number. */
  public static List<Sample> parse(String page) {
    List<Sample> samples = new ArrayList<>();
    String[] lines = page.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      try {
        samples.add(new LineReader(line).sample());
      } catch (IllegalArgumentException e) {
        throw new MalformedMetricsException(
            "line " + (i + 1) + " is not a Prometheus sample (" + e.getMessage() + "): " + line);
      }
    }
    return samples;
  }

  /** Reads one sample line left to right. */
  private static final class LineReader {
    private final String line;
    private int at;

    LineReader(String line) {
      this.line = line;
    }

    Sample sample() {
      String name = name(true);
      if (name.isEmpty()) {
        throw new IllegalArgumentException("no metric name");
      }
      Map<String, String> labels = new LinkedHashMap<>();
      if (at < line.length() && line.charAt(at) == '{') {
        at++;
        labels(labels);
      }
      String[] rest = line.substring(at).strip().split("\\s+");
      if (rest.length == 0 || rest[0].isEmpty() || rest.length > 2) {
        throw new IllegalArgumentException("expected a value and at most a timestamp");
      }
      return new Sample(name, Map.copyOf(labels), value(rest[0]));
    }

    private void labels(Map<String, String> labels) {
      while (true) {
        skipSpaces();
        if (peek() == '}') {
          at++;
          return;
        }
        String label = name(false);
        skipSpaces();
        expect('=');
        skipSpaces();
        expect('"');
        labels.put(label, quoted());
        skipSpaces();
        if (peek() == ',') {
          at++;
        } else if (peek() != '}') {
          throw new IllegalArgumentException("expected , or } after label " + label);
        }
      }
    }

    private String quoted() {
      StringBuilder value = new StringBuilder();
      while (true) {
        char c = next();
        if (c == '"') {
          return value.toString();
        }
        if (c == '\\') {
          char escaped = next();
          value.append(escaped == 'n' ? '\n' : escaped);
        } else {
          value.append(c);
        }
      }
    }

    private String name(boolean metric) {
      int start = at;
      while (at < line.length()) {
        char c = line.charAt(at);
        boolean letter = Character.isLetter(c) && c < 128 || c == '_' || (metric && c == ':');
        if (!(letter || (at > start && c >= '0' && c <= '9'))) {
          break;
        }
        at++;
      }
      if (!metric && at == start) {
        throw new IllegalArgumentException("expected a label name at column " + (at + 1));
      }
      return line.substring(start, at);
    }

    private static double value(String text) {
      return switch (text) {
        case "+Inf", "Inf" -> Double.POSITIVE_INFINITY;
        case "-Inf" -> Double.NEGATIVE_INFINITY;
        case "NaN" -> Double.NaN;
        default -> {
          try {
            yield Double.parseDouble(text);
          } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is not a number", e);
          }
        }
      };
    }

    private void skipSpaces() {
      while (at < line.length() && (line.charAt(at) == ' ' || line.charAt(at) == '\t')) {
        at++;
      }
    }

    private char peek() {
      if (at >= line.length()) {
        throw new IllegalArgumentException("the line ends inside the labels");
      }
      return line.charAt(at);
    }

    private char next() {
      char c = peek();
      at++;
      return c;
    }

    private void expect(char wanted) {
      if (next() != wanted) {
        throw new IllegalArgumentException("expected " + wanted + " at column " + at);
      }
    }
  }
}
