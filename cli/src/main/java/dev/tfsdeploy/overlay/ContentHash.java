package dev.tfsdeploy.overlay;

import dev.tfsdeploy.yaml.GoScalars;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The name suffix kustomize gives generated ConfigMaps and Secrets: the first 10 hex digits of the
 * SHA-256 of a JSON summary of the object (Go's encoding/json, keys sorted, HTML characters
 * escaped), with some characters swapped so the suffix never spells words. As in kustomize, the
 * summary's name is always empty (kustomize looks the name up under a path that never matches).
 */
final class ContentHash {
  private ContentHash() {}

  static String of(Map<String, Object> object) {
    String kind = Fields.string(object, "kind");
    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("kind", kind);
    summary.put("name", "");
    summary.put("data", valueOrEmpty(object.get("data")));
    if ("Secret".equals(kind)) {
      summary.put("type", valueOrEmpty(object.get("type")));
      if (object.get("stringData") instanceof Map<?, ?>) {
        summary.put("stringData", object.get("stringData"));
      }
    } else if (object.get("binaryData") instanceof Map<?, ?>) {
      summary.put("binaryData", object.get("binaryData"));
    }
    return encode(sha256Hex(goJson(summary)));
  }

  private static Object valueOrEmpty(Object value) {
    if (value == null) {
      return "";
    }
    return value instanceof Map<?, ?> || value instanceof List<?> ? value : String.valueOf(value);
  }

  private static String encode(String hex) {
    StringBuilder out = new StringBuilder();
    for (char c : hex.substring(0, 10).toCharArray()) {
      out.append(
          switch (c) {
            case '0' -> 'g';
            case '1' -> 'h';
            case '3' -> 'k';
            case 'a' -> 'm';
            case 'e' -> 't';
            default -> c;
          });
    }
    return out.toString();
  }

  private static String sha256Hex(String text) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      StringBuilder hex = new StringBuilder();
      for (byte b : digest) {
        hex.append(String.format("%02x", b));
      }
      return hex.toString();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Go's json.Marshal of a parsed YAML value. */
  static String goJson(Object value) {
    StringBuilder out = new StringBuilder();
    writeJson(value, out);
    return out.toString();
  }

  private static void writeJson(Object value, StringBuilder out) {
    if (value == null) {
      out.append("null");
    } else if (value instanceof String text) {
      writeString(text, out);
    } else if (value instanceof Map<?, ?> map) {
      List<String> keys = new ArrayList<>();
      map.keySet().forEach(k -> keys.add((String) k));
      keys.sort(ContentHash::compareUtf8);
      out.append('{');
      for (int i = 0; i < keys.size(); i++) {
        if (i > 0) {
          out.append(',');
        }
        writeString(keys.get(i), out);
        out.append(':');
        writeJson(map.get(keys.get(i)), out);
      }
      out.append('}');
    } else if (value instanceof List<?> list) {
      out.append('[');
      for (int i = 0; i < list.size(); i++) {
        if (i > 0) {
          out.append(',');
        }
        writeJson(list.get(i), out);
      }
      out.append(']');
    } else {
      out.append(GoScalars.formatNumberOrBool(value));
    }
  }

  private static int compareUtf8(String a, String b) {
    return java.util.Arrays.compareUnsigned(
        a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
  }

  private static void writeString(String text, StringBuilder out) {
    out.append('"');
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        case '<', '>', '&', '\u2028', '\u2029' -> out.append(String.format("\\u%04x", (int) c));
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }
}
