package dev.tfsdeploy.overlay;

import dev.tfsdeploy.UserError;
import dev.tfsdeploy.overlay.KustomizationFile.GeneratorArgs;
import dev.tfsdeploy.overlay.KustomizationFile.ImageRule;
import dev.tfsdeploy.overlay.KustomizationFile.PatchRule;
import dev.tfsdeploy.overlay.KustomizationFile.Reader;
import dev.tfsdeploy.overlay.KustomizationFile.ReplicaRule;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * kustomize's builtin generators and transformers configured through a kustomization's {@code
 * generators:} and {@code transformers:} entries ({@code apiVersion: builtin}), each mapped onto
 * the transformer or generator its kustomization field uses. Exec, container and Go plugins are
 * refused: kubectl runs none of them either.
 */
final class BuiltinPlugins {
  private static final String BUILTIN = "builtin";
  private static final Set<String> GENERATORS =
      Set.of("ConfigMapGenerator", "SecretGenerator", IamPolicyGenerator.KIND);
  private static final Set<String> TRANSFORMERS =
      Set.of(
          "PrefixSuffixTransformer",
          "PrefixTransformer",
          "SuffixTransformer",
          "LabelTransformer",
          "AnnotationsTransformer",
          "NamespaceTransformer",
          "ImageTagTransformer",
          "ReplicaCountTransformer",
          "PatchTransformer",
          "PatchStrategicMergeTransformer",
          "PatchJson6902Transformer",
          "ReplacementTransformer");

  /** Every plugin config carries these besides its own fields. */
  private static final Set<String> TYPE_AND_METADATA = Set.of("apiVersion", "kind", "metadata");

  private BuiltinPlugins() {}

  /**
   * One plugin config: its object, where it came from for errors, and its origin as kustomize's
   * origin annotation names it (the file relative to the top directory; null where unknown).
   */
  record Config(Map<String, Object> object, String what, String origin) {
    String kind() {
      return object.get("kind") instanceof String kind ? kind : "";
    }

    Reader reader() {
      return new Reader(what, object);
    }

    /** The config without apiVersion, kind and metadata: the plugin's own fields. */
    Map<String, Object> fields() {
      Map<String, Object> fields = new LinkedHashMap<>(object);
      fields.keySet().removeAll(TYPE_AND_METADATA);
      return fields;
    }

    String metadata(String key) {
      return object.get("metadata") instanceof Map<?, ?> metadata
              && metadata.get(key) instanceof String value
          ? value
          : null;
    }
  }

  /** The objects a {@code generators:} config makes, each with its merge behavior. */
  static List<Generated> generate(KustomizationFile k, Config config) {
    checkBuiltin(config, GENERATORS, "generators", TRANSFORMERS);
    if (config.kind().equals(IamPolicyGenerator.KIND)) {
      return List.of(new Generated(IamPolicyGenerator.generate(config), "create"));
    }
    boolean secret = config.kind().equals("SecretGenerator");
    Map<String, Object> args =
        known(
            config.fields(),
            (secret
                    ? KustomizationFile.SECRET_GENERATOR_FIELDS
                    : KustomizationFile.CONFIG_MAP_GENERATOR_FIELDS)
                .toArray(String[]::new));
    // The plugin's own name and namespace win over its metadata's, as in kustomize.
    args.putIfAbsent("name", config.metadata("name"));
    if (config.metadata("namespace") != null) {
      args.putIfAbsent("namespace", config.metadata("namespace"));
    }
    String section = secret ? "secretGenerator" : "configMapGenerator";
    List<Generated> generated = new ArrayList<>();
    for (GeneratorArgs entry :
        config.reader().generators(Map.of(section, List.of(args)), section, secret)) {
      // A generator configured as a plugin does not take the kustomization's generatorOptions.
      Resource resource =
          secret
              ? Generators.secret(k, entry, KustomizationFile.GeneratorOptions.NONE)
              : Generators.configMap(k, entry, KustomizationFile.GeneratorOptions.NONE);
      generated.add(new Generated(resource, entry.behavior()));
    }
    return generated;
  }

  record Generated(Resource resource, String behavior) {}

  /** Applies a {@code transformers:} config to the kustomization's objects. */
  static void transform(KustomizationFile k, Config config, List<Resource> resources) {
    checkBuiltin(config, TRANSFORMERS, "transformers", GENERATORS);
    Reader r = config.reader();
    Map<String, Object> fields = config.fields();
    String what = config.what();
    String kind = config.kind();
    switch (kind) {
      case "PrefixSuffixTransformer", "PrefixTransformer", "SuffixTransformer" -> {
        fields = known(fields, "prefix", "suffix", "fieldSpecs");
        String prefix =
            kind.equals("SuffixTransformer") ? null : r.string(fields, "prefix", "prefix");
        String suffix =
            kind.equals("PrefixTransformer") ? null : r.string(fields, "suffix", "suffix");
        Transformers.affixes(
            prefix == null ? "" : prefix,
            suffix == null ? "" : suffix,
            specs(fields, what),
            resources);
      }
      case "LabelTransformer" -> {
        fields = known(fields, "labels", "fieldSpecs");
        Transformers.addEntries(
            r.stringMap(fields, "labels", "labels"), specs(fields, what), resources);
      }
      case "AnnotationsTransformer" -> {
        fields = known(fields, "annotations", "fieldSpecs");
        Transformers.addEntries(
            r.stringMap(fields, "annotations", "annotations"), specs(fields, what), resources);
      }
      case "NamespaceTransformer" -> {
        fields = known(fields, "fieldSpecs", "unsetOnly", "setRoleBindingSubjects");
        Transformers.namespace(
            config.metadata("namespace"),
            specs(fields, what),
            r.bool(fields, "unsetOnly", kind),
            subjects(r.string(fields, "setRoleBindingSubjects", "setRoleBindingSubjects"), what),
            resources,
            what);
      }
      case "ImageTagTransformer" -> {
        fields = known(fields, "imageTag", "fieldSpecs");
        Map<String, Object> tag = r.map(fields, "imageTag", "imageTag");
        if (tag == null) {
          throw new UserError(
              what + ": an ImageTagTransformer needs imageTag",
              "add imageTag: {name: ..., newTag: ...}");
        }
        r.only(tag, "imageTag", "name", "newName", "newTag", "digest");
        ImageRule rule =
            new ImageRule(
                r.required(tag, "name", "imageTag"),
                r.string(tag, "newName", "imageTag.newName"),
                r.string(tag, "newTag", "imageTag.newTag"),
                r.string(tag, "digest", "imageTag.digest"));
        Transformers.image(rule, specs(fields, what), resources, what);
      }
      case "ReplicaCountTransformer" -> {
        fields = known(fields, "replica", "fieldSpecs");
        Map<String, Object> replica = r.map(fields, "replica", "replica");
        if (replica == null || !(replica.get("count") instanceof Long count)) {
          throw new UserError(
              what + ": a ReplicaCountTransformer needs replica.name and an integer replica.count",
              "add replica: {name: ..., count: N}");
        }
        r.only(replica, "replica", "name", "count");
        Transformers.replicas(
            new ReplicaRule(r.required(replica, "name", "replica"), count),
            specs(fields, what),
            resources,
            what);
      }
      case "PatchTransformer" ->
          Patches.apply(
              k,
              r.patch(known(fields, "path", "patch", "target", "options"), kind, true),
              resources,
              false);
      case "PatchJson6902Transformer" -> {
        fields = known(fields, "target", "path", "jsonOp");
        Map<String, Object> patch = new LinkedHashMap<>(fields);
        Object operations = patch.remove("jsonOp");
        if (operations != null) {
          patch.put("patch", operations);
        }
        Patches.apply(k, r.patch(patch, kind, false), resources, true);
      }
      case "PatchStrategicMergeTransformer" -> {
        fields = known(fields, "paths", "patches");
        for (String path : r.strings(fields, "paths")) {
          Patches.apply(k, new PatchRule(path, null, null), resources, false);
        }
        String patches = r.string(fields, "patches", "patches");
        if (patches != null) {
          Patches.apply(k, new PatchRule(null, patches, null), resources, false);
        }
      }
      case "ReplacementTransformer" -> {
        fields = known(fields, "replacements");
        int i = 0;
        for (Map<String, Object> entry : r.maps(fields, "replacements")) {
          for (ReplacementRule rule :
              ReplacementRule.parse(k, r, entry, "replacements[" + i++ + "]")) {
            Replacements.apply(k, rule, resources);
          }
        }
      }
      default -> throw new IllegalStateException(kind);
    }
  }

  /**
   * The fields of a plugin config its kustomize plugin has: kustomize reads plugin configs
   * leniently and ignores the others (the kustomization file itself it reads strictly).
   */
  private static Map<String, Object> known(Map<String, Object> fields, String... pluginFields) {
    Map<String, Object> known = new LinkedHashMap<>(fields);
    known.keySet().retainAll(Set.of(pluginFields));
    return known;
  }

  private static List<FieldSpec> specs(Map<String, Object> fields, String what) {
    return TransformerConfig.specs(fields.get("fieldSpecs"), what, "fieldSpecs");
  }

  private static Transformers.Subjects subjects(String mode, String what) {
    if (mode == null || mode.isEmpty() || mode.equals("defaultOnly")) {
      return Transformers.Subjects.DEFAULT_ONLY;
    }
    return switch (mode) {
      case "allServiceAccounts" -> Transformers.Subjects.ALL_SERVICE_ACCOUNTS;
      case "none" -> Transformers.Subjects.NONE;
      default ->
          throw new UserError(
              what + ": setRoleBindingSubjects must be defaultOnly, allServiceAccounts or none",
              "fix setRoleBindingSubjects");
    };
  }

  /**
   * Only builtin plugins of the list's own role run; kubectl loads no other plugin, and a builtin
   * generator listed as a transformer (or the other way) is an error there too.
   */
  private static void checkBuiltin(
      Config config, Set<String> supported, String field, Set<String> otherRole) {
    String kind = config.kind();
    Object apiVersion = config.object().get("apiVersion");
    if (!BUILTIN.equals(apiVersion)) {
      throw new UserError(
          config.what()
              + ": "
              + field
              + " entry "
              + kind
              + " (apiVersion "
              + apiVersion
              + ") is an exec, container or Go plugin, which the tfs-deploy renderer does not run",
          "use a builtin plugin (apiVersion: builtin) or the equivalent kustomization field");
    }
    if (otherRole.contains(kind)) {
      throw new UserError(
          config.what() + ": builtin " + kind + " is not one of the " + field,
          "list it under " + (field.equals("generators") ? "transformers" : "generators"));
    }
    if (!supported.contains(kind)) {
      throw new UserError(
          config.what()
              + ": builtin plugin "
              + kind
              + " is not supported by the tfs-deploy renderer"
              + " under "
              + field,
          "use one of " + String.join(", ", supported.stream().sorted().toList()));
    }
  }
}
