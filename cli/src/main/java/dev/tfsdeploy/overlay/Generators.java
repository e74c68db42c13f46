package dev.tfsdeploy.overlay;

import dev.tfsdeploy.UserError;
import dev.tfsdeploy.overlay.KustomizationFile.GeneratorArgs;
import dev.tfsdeploy.overlay.KustomizationFile.GeneratorOptions;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * kustomize's configMapGenerator and secretGenerator: objects made from literals, files and env
 * files.
 */
final class Generators {
  private static final Pattern DATA_KEY = Pattern.compile("[-._a-zA-Z0-9]+");
  private static final Pattern ENV_NAME = Pattern.compile("[-._a-zA-Z][-._a-zA-Z0-9]*");

  private Generators() {}

  static Resource configMap(KustomizationFile k, GeneratorArgs args) {
    return generate(k, args, false, k.generatorOptions());
  }

  static Resource secret(KustomizationFile k, GeneratorArgs args) {
    return generate(k, args, true, k.generatorOptions());
  }

  /**
   * A generator with its own global options (a builtin plugin config takes none of the
   * kustomization's).
   */
  static Resource configMap(KustomizationFile k, GeneratorArgs args, GeneratorOptions global) {
    return generate(k, args, false, global);
  }

  static Resource secret(KustomizationFile k, GeneratorArgs args, GeneratorOptions global) {
    return generate(k, args, true, global);
  }

  private static Resource generate(
      KustomizationFile k, GeneratorArgs args, boolean secret, GeneratorOptions global) {
    String kind = secret ? "Secret" : "ConfigMap";
    String what =
        k.file
            + ": "
            + (secret ? "secretGenerator" : "configMapGenerator")
            + " '"
            + args.name()
            + "'";
    GeneratorOptions options = args.options().withDefaults(global);
    Map<String, Object> object = new LinkedHashMap<>();
    object.put("apiVersion", "v1");
    object.put("kind", kind);
    Map<String, Object> metadata = new LinkedHashMap<>();
    metadata.put("name", args.name());
    if (args.namespace() != null && !args.namespace().isEmpty()) {
      metadata.put("namespace", args.namespace());
    }
    object.put("metadata", metadata);
    Map<String, Object> data = new LinkedHashMap<>();
    Map<String, Object> binaryData = new LinkedHashMap<>();
    for (Pair pair : pairs(k, args, what)) {
      if (secret) {
        data.put(pair.key, base64(pair.value));
      } else {
        String text = utf8(pair.value);
        if (text != null) {
          data.put(pair.key, text);
        } else {
          binaryData.put(pair.key, base64(pair.value));
        }
      }
    }
    // kustomize always gives a generated Secret its data map (empty too), a ConfigMap only when
    // filled.
    if (!data.isEmpty() || secret) {
      object.put("data", data);
    }
    if (!binaryData.isEmpty()) {
      object.put("binaryData", binaryData);
    }
    if (secret) {
      object.put("type", args.type() == null || args.type().isEmpty() ? "Opaque" : args.type());
    }
    if (!options.labels().isEmpty()) {
      metadata.put("labels", new LinkedHashMap<String, Object>(options.labels()));
    }
    if (!options.annotations().isEmpty()) {
      metadata.put("annotations", new LinkedHashMap<String, Object>(options.annotations()));
    }
    if (options.immutable()) {
      object.put("immutable", true);
    }
    Resource resource = new Resource(object, what);
    resource.setNeedsHash(!options.disableNameSuffixHash());
    return resource;
  }

  @SuppressWarnings("ArrayRecordComponent") // never compared or hashed
  private record Pair(String key, byte[] value) {}

  private static final int BASE64_LINE = 70;

  /**
   * kyaml's encodeBase64 for Secret data and ConfigMap binaryData: an encoding of 70 characters or
   * more is cut into lines of 70, each ending in a newline (so it is written as a literal block,
   * and the content hash covers the newlines); a shorter one stays one line.
   */
  static String base64(byte[] value) {
    String encoded = Base64.getEncoder().encodeToString(value);
    if (encoded.length() < BASE64_LINE) {
      return encoded;
    }
    StringBuilder lines = new StringBuilder();
    for (int start = 0; start < encoded.length(); start += BASE64_LINE) {
      lines.append(encoded, start, Math.min(start + BASE64_LINE, encoded.length())).append('\n');
    }
    return lines.toString();
  }

  /** Key/value pairs in kustomize's order: env files, then literals, then files. */
  private static List<Pair> pairs(KustomizationFile k, GeneratorArgs args, String what) {
    List<Pair> pairs = new ArrayList<>();
    for (String env : args.envs()) {
      Path file = ResourceFiles.fileInRoot(k, env, "env file");
      String[] lines = ResourceFiles.text(file).split("\n", -1);
      for (int i = 0; i < lines.length; i++) {
        String line = lines[i];
        if (line.endsWith("\r")) {
          line = line.substring(0, line.length() - 1);
        }
        if (i == 0 && line.startsWith("\uFEFF")) {
          line = line.substring(1);
        }
        line = line.stripLeading();
        if (line.isEmpty() || line.startsWith("#")) {
          continue;
        }
        int eq = line.indexOf('=');
        if (eq < 0) {
          throw new UserError(
              what + ": line '" + line + "' in " + env + " has no '='",
              "write KEY=VALUE (the renderer does not read values from its own environment)");
        }
        String key = line.substring(0, eq);
        if (!ENV_NAME.matcher(key).matches()) {
          throw new UserError(
              what + ": '" + key + "' in " + env + " is not a valid environment variable name",
              "use letters, digits, '_', '-' and '.'");
        }
        pairs.add(new Pair(key, line.substring(eq + 1).getBytes(StandardCharsets.UTF_8)));
      }
    }
    for (String literal : args.literals()) {
      int eq = literal.indexOf('=');
      if (eq <= 0) {
        throw new UserError(what + ": invalid literal source '" + literal + "'", "write key=value");
      }
      pairs.add(
          new Pair(
              literal.substring(0, eq),
              removeQuotes(literal.substring(eq + 1)).getBytes(StandardCharsets.UTF_8)));
    }
    for (String source : args.files()) {
      int eq = source.indexOf('=');
      String key;
      String path;
      if (eq < 0) {
        path = source;
        key = source.substring(source.lastIndexOf('/') + 1);
      } else if (eq == 0) {
        throw new UserError(
            what + ": missing key name for file source '" + source + "'", "write key=path");
      } else {
        key = source.substring(0, eq);
        path = source.substring(eq + 1);
        if (path.isEmpty() || path.contains("=")) {
          throw new UserError(what + ": invalid file source '" + source + "'", "write key=path");
        }
      }
      pairs.add(new Pair(key, ResourceFiles.bytes(ResourceFiles.fileInRoot(k, path, "file"))));
    }
    Map<String, Boolean> seen = new LinkedHashMap<>();
    for (Pair pair : pairs) {
      if (!DATA_KEY.matcher(pair.key).matches()) {
        throw new UserError(
            what + ": '" + pair.key + "' is not a valid key name",
            "keys may hold letters, digits, '-', '_' and '.'");
      }
      if (seen.put(pair.key, true) != null) {
        throw new UserError(
            what + " illegally repeats the key '" + pair.key + "'", "use each key once");
      }
    }
    return pairs;
  }

  /** Drops one pair of matching surrounding quotes, as kustomize does for literals. */
  private static String removeQuotes(String value) {
    if (value.length() >= 2
        && value.charAt(0) == value.charAt(value.length() - 1)
        && (value.charAt(0) == '"' || value.charAt(0) == '\'')) {
      return value.substring(1, value.length() - 1);
    }
    return value;
  }

  private static String utf8(byte[] bytes) {
    try {
      return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }
}
