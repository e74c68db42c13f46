package dev.tfsdeploy.overlay;

import dev.tfsdeploy.UserError;
import dev.tfsdeploy.yaml.YamlReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * A parsed and checked {@code kustomization.yaml}. Every field kustomize v5 knows is either
 * supported here or refused with an error naming the file and the field, so nothing is silently
 * ignored.
 */
final class KustomizationFile {
  static final List<String> FILE_NAMES =
      List.of("kustomization.yaml", "kustomization.yml", "Kustomization");

  private static final Set<String> SUPPORTED_FIELDS =
      Set.of(
          "apiVersion",
          "kind",
          "metadata",
          "resources",
          "bases",
          "components",
          "namespace",
          "namePrefix",
          "nameSuffix",
          "labels",
          "commonLabels",
          "commonAnnotations",
          "images",
          "replicas",
          "patches",
          "patchesStrategicMerge",
          "patchesJson6902",
          "configMapGenerator",
          "secretGenerator",
          "generatorOptions",
          "replacements",
          "sortOptions",
          "buildMetadata",
          "configurations",
          "vars",
          "generators",
          "transformers",
          "crds",
          "openapi");
  private static final Set<String> UNSUPPORTED_FIELDS =
      Set.of(
          "helmGlobals",
          "helmCharts",
          "helmChartInflationGenerator",
          "validators",
          "inventory",
          "imageTags");

  private static final Set<String> TYPE_FIELDS = Set.of("apiVersion", "kind");

  final Path directory;
  final Path file;
  final boolean component;
  final List<String> resources = new ArrayList<>();
  final List<String> components = new ArrayList<>();
  final String namespace;
  final String namePrefix;
  final String nameSuffix;
  final List<LabelSet> labels = new ArrayList<>();
  final Map<String, String> commonLabels;
  final Map<String, String> commonAnnotations;
  final List<ImageRule> images = new ArrayList<>();
  final List<ReplicaRule> replicas = new ArrayList<>();
  final List<PatchRule> patchesStrategicMerge = new ArrayList<>();
  final List<PatchRule> patches = new ArrayList<>();
  final List<PatchRule> patchesJson6902 = new ArrayList<>();
  final List<GeneratorArgs> configMapGenerator = new ArrayList<>();
  final List<GeneratorArgs> secretGenerator = new ArrayList<>();
  final List<ReplacementRule> replacements = new ArrayList<>();

  /** Transformer config files (or inline YAML), read by {@link TransformerConfig}. */
  final List<String> configurations = new ArrayList<>();

  final List<Vars.Var> vars = new ArrayList<>();

  /**
   * Builtin plugin configs: file paths, directories or inline YAML, read by {@link KustomizeBuild}.
   */
  final List<String> generators = new ArrayList<>();

  final List<String> transformers = new ArrayList<>();

  /** OpenAPI definition files of custom kinds, read by {@link CrdConfig}. */
  final List<String> crds = new ArrayList<>();

  final List<String> deprecations = new ArrayList<>();

  /**
   * Checked by {@link BuildMetadataAnnotations} for the top kustomization, the only one kustomize
   * reads it from.
   */
  final List<String> buildMetadata;

  /**
   * The output order; kustomize reads it from the top kustomization only, and checks it only there.
   */
  final java.util.function.Supplier<SortOrder> sortOrder;

  final Map<String, Object> sortOptions;

  record LabelSet(
      Map<String, String> pairs,
      boolean includeSelectors,
      boolean includeTemplates,
      List<FieldSpec> fields) {}

  record ImageRule(String name, String newName, String newTag, String digest) {}

  record ReplicaRule(String name, long count) {}

  /**
   * A patch from {@code path} or inline {@code patch} text, applied to {@code target} if set; a
   * strategic merge patch may change the name or kind only when its options allow it.
   */
  record PatchRule(
      String path, String patch, Target target, boolean allowNameChange, boolean allowKindChange) {
    PatchRule(String path, String patch, Target target) {
      this(path, patch, target, false, false);
    }
  }

  record Target(
      String group,
      String version,
      String kind,
      String name,
      String namespace,
      String labelSelector,
      String annotationSelector) {
    /** The group/version/kind/name/namespace part, empty strings for what is not set. */
    ResId id() {
      return new ResId(
          orEmpty(group), orEmpty(version), orEmpty(kind), orEmpty(name), orEmpty(namespace));
    }
  }

  record GeneratorOptions(
      Map<String, String> labels,
      Map<String, String> annotations,
      boolean disableNameSuffixHash,
      boolean immutable) {
    static final GeneratorOptions NONE = new GeneratorOptions(Map.of(), Map.of(), false, false);

    /** kustomize's MergeGlobalOptionsIntoLocal: flags are or-ed, the entry's own labels win. */
    GeneratorOptions withDefaults(GeneratorOptions global) {
      Map<String, String> mergedLabels = new LinkedHashMap<>(global.labels);
      mergedLabels.putAll(labels);
      Map<String, String> mergedAnnotations = new LinkedHashMap<>(global.annotations);
      mergedAnnotations.putAll(annotations);
      return new GeneratorOptions(
          mergedLabels,
          mergedAnnotations,
          disableNameSuffixHash || global.disableNameSuffixHash,
          immutable || global.immutable);
    }
  }

  /** The fields of a configMapGenerator entry (kustomize's ConfigMapArgs). */
  static final List<String> CONFIG_MAP_GENERATOR_FIELDS =
      List.of("name", "namespace", "behavior", "files", "literals", "envs", "env", "options");

  /** The fields of a secretGenerator entry (kustomize's SecretArgs): a ConfigMapArgs and type. */
  static final List<String> SECRET_GENERATOR_FIELDS =
      Stream.concat(CONFIG_MAP_GENERATOR_FIELDS.stream(), Stream.of("type")).toList();

  record GeneratorArgs(
      String name,
      String namespace,
      String behavior,
      List<String> files,
      List<String> literals,
      List<String> envs,
      String type,
      GeneratorOptions options) {}

  private final GeneratorOptions generatorOptions;

  private KustomizationFile(Path directory, Path file, Map<String, Object> spelledAsWritten) {
    this.directory = directory;
    this.file = file;
    Map<String, Object> doc = fieldNamesAsKnown(spelledAsWritten);
    Reader r = new Reader(file.toString(), doc);
    for (String key : doc.keySet()) {
      if (UNSUPPORTED_FIELDS.contains(key)) {
        throw new UserError(
            file + ": field '" + key + "' is not supported by the tfs-deploy renderer",
            "remove it, or render with kubectl kustomize instead");
      }
      if (!SUPPORTED_FIELDS.contains(key)) {
        throw new UserError(
            file + ": unknown field '" + key + "'", "remove it or fix its spelling");
      }
    }
    String kind = r.string(doc, "kind", "kind");
    String apiVersion = r.string(doc, "apiVersion", "apiVersion");
    component = "Component".equals(kind);
    if (kind != null && !component && !"Kustomization".equals(kind)) {
      throw new UserError(file + ": kind should be Kustomization or Component", "fix 'kind'");
    }
    String requiredVersion =
        component ? "kustomize.config.k8s.io/v1alpha1" : "kustomize.config.k8s.io/v1beta1";
    if (apiVersion != null && !apiVersion.equals(requiredVersion)) {
      throw new UserError(
          file
              + ": apiVersion for "
              + (component ? "Component" : "Kustomization")
              + " should be "
              + requiredVersion,
          "fix 'apiVersion'");
    }
    resources.addAll(r.strings(doc, "resources"));
    List<String> bases = r.strings(doc, "bases");
    if (doc.containsKey("bases")) {
      deprecations.add("'bases' is deprecated; list the directories under 'resources' instead");
    }
    resources.addAll(bases);
    components.addAll(r.strings(doc, "components"));
    configurations.addAll(r.strings(doc, "configurations"));
    generators.addAll(r.strings(doc, "generators"));
    transformers.addAll(r.strings(doc, "transformers"));
    crds.addAll(r.strings(doc, "crds"));
    namespace = r.string(doc, "namespace", "namespace");
    namePrefix = orEmpty(r.string(doc, "namePrefix", "namePrefix"));
    nameSuffix = orEmpty(r.string(doc, "nameSuffix", "nameSuffix"));
    commonLabels = r.stringMap(doc, "commonLabels", "commonLabels");
    commonAnnotations = r.stringMap(doc, "commonAnnotations", "commonAnnotations");
    int i = 0;
    for (Map<String, Object> entry : r.maps(doc, "labels")) {
      String at = "labels[" + i++ + "]";
      r.only(entry, at, "pairs", "includeSelectors", "includeTemplates", "fields");
      labels.add(
          new LabelSet(
              r.stringMap(entry, "pairs", at + ".pairs"),
              r.bool(entry, "includeSelectors", at),
              r.bool(entry, "includeTemplates", at),
              LabelFieldSpecs.parse(r, entry, at)));
    }
    for (String key : commonLabels.keySet()) {
      for (LabelSet set : labels) {
        if (set.pairs.containsKey(key)) {
          throw new UserError(
              file + ": label name '" + key + "' exists in both commonLabels and labels",
              "keep it in one of them");
        }
      }
    }
    i = 0;
    for (Map<String, Object> entry : r.maps(doc, "images")) {
      String at = "images[" + i++ + "]";
      r.only(entry, at, "name", "newName", "newTag", "digest");
      images.add(
          new ImageRule(
              r.required(entry, "name", at),
              r.string(entry, "newName", at + ".newName"),
              r.string(entry, "newTag", at + ".newTag"),
              r.string(entry, "digest", at + ".digest")));
    }
    i = 0;
    for (Map<String, Object> entry : r.maps(doc, "replicas")) {
      String at = "replicas[" + i++ + "]";
      r.only(entry, at, "name", "count");
      Object count = entry.get("count");
      if (!(count instanceof Long number)) {
        throw new UserError(file + ": " + at + ".count must be an integer", "set count: N");
      }
      replicas.add(new ReplicaRule(r.required(entry, "name", at), number));
    }
    Object patchList = doc.get("patches");
    if (patchList != null) {
      if (!(patchList instanceof List<?> list)) {
        throw new UserError(file + ": 'patches' must be a list", "fix 'patches'");
      }
      i = 0;
      for (Object entry : list) {
        String at = "patches[" + i++ + "]";
        if (entry instanceof String path) {
          deprecations.add(
              at
                  + " is the kustomize 4 string form, which kustomize 5 rejects; write it as '-"
                  + " path: "
                  + path
                  + "'");
          patches.add(new PatchRule(path, null, null));
        } else {
          patches.add(r.patch(entry, at, true));
        }
      }
    }
    for (String entry : r.strings(doc, "patchesStrategicMerge")) {
      boolean isFile = !entry.contains("\n") && Files.isRegularFile(directory.resolve(entry));
      patchesStrategicMerge.add(
          isFile ? new PatchRule(entry, null, null) : new PatchRule(null, entry, null));
    }
    if (doc.containsKey("patchesStrategicMerge")) {
      deprecations.add("'patchesStrategicMerge' is deprecated; use 'patches' instead");
    }
    i = 0;
    for (Map<String, Object> entry : r.maps(doc, "patchesJson6902")) {
      PatchRule rule = r.patch(entry, "patchesJson6902[" + i++ + "]", false);
      if (rule.target == null) {
        throw new UserError(
            file + ": patchesJson6902 entries need a target", "add target: {kind: ..., name: ...}");
      }
      patchesJson6902.add(rule);
    }
    if (doc.containsKey("patchesJson6902")) {
      deprecations.add("'patchesJson6902' is deprecated; use 'patches' instead");
    }
    i = 0;
    for (Map<String, Object> entry : r.maps(doc, "replacements")) {
      replacements.addAll(ReplacementRule.parse(this, r, entry, "replacements[" + i++ + "]"));
    }
    checkOpenApi(r.map(doc, "openapi", "openapi"));
    buildMetadata = r.strings(doc, "buildMetadata");
    sortOptions = r.map(doc, "sortOptions", "sortOptions");
    sortOrder = () -> SortOrder.parse(r, sortOptions);
    i = 0;
    for (Map<String, Object> entry : r.maps(doc, "vars")) {
      vars.add(r.var(entry, "vars[" + i++ + "]"));
    }
    if (doc.containsKey("vars")) {
      deprecations.add("'vars' is deprecated; use 'replacements' instead");
    }
    Map<String, Object> options = r.map(doc, "generatorOptions", "generatorOptions");
    generatorOptions =
        options == null ? GeneratorOptions.NONE : r.options(options, "generatorOptions");
    configMapGenerator.addAll(r.generators(doc, "configMapGenerator", false));
    secretGenerator.addAll(r.generators(doc, "secretGenerator", true));
  }

  /**
   * The OpenAPI version kubectl's kustomize v5.5 has built in; the renderer's merge keys and list
   * strategies are its schema, so naming it changes nothing.
   */
  static final String BUILTIN_OPENAPI_VERSION = "v1.21.2";

  /**
   * {@code openapi}: the builtin version is what renders anyway; kubectl refuses any other version,
   * and a custom schema file ({@code path}) the renderer does not read.
   */
  private void checkOpenApi(Map<String, Object> openapi) {
    if (openapi == null) {
      return;
    }
    Reader r = new Reader(file.toString(), openapi);
    r.only(openapi, "openapi", "version", "path");
    if (openapi.get("path") != null) {
      throw new UserError(
          file
              + ": field 'openapi.path' (a custom schema) is not supported by the tfs-deploy"
              + " renderer",
          "remove it, or render with kubectl kustomize instead");
    }
    String version = r.string(openapi, "version", "openapi.version");
    if (version != null && !version.isEmpty() && !version.equals(BUILTIN_OPENAPI_VERSION)) {
      throw new UserError(
          file
              + ": openapi version '"
              + version
              + "' is not built in (kubectl kustomize has only "
              + BUILTIN_OPENAPI_VERSION
              + ")",
          "remove openapi.version or set it to " + BUILTIN_OPENAPI_VERSION);
    }
  }

  GeneratorOptions generatorOptions() {
    return generatorOptions;
  }

  /** A kustomization that exists only in memory (the render options' extra layer). */
  static KustomizationFile inMemory(Path directory, String label, String yaml) {
    @SuppressWarnings("unchecked")
    Map<String, Object> doc = (Map<String, Object>) YamlReader.documentLastKeyWins(yaml, label);
    return new KustomizationFile(directory, Path.of(label), doc);
  }

  /**
   * Reads the kustomization of a directory. Its {@link #directory} is the real path, as kustomize
   * resolves a root: entries resolve from there, and files must stay below it.
   */
  static KustomizationFile load(Path directory) {
    if (!Files.isDirectory(directory)) {
      throw new UserError("no kustomization directory at " + directory, "check the path");
    }
    Path root = ResourceFiles.realPath(directory, directory.toString());
    List<Path> found = new ArrayList<>();
    for (String name : FILE_NAMES) {
      Path candidate = root.resolve(name);
      if (Files.isRegularFile(candidate)) {
        found.add(candidate);
      }
    }
    if (found.isEmpty()) {
      throw new UserError(
          "no kustomization.yaml in " + directory,
          "add a kustomization.yaml (or point at a directory that has one)");
    }
    if (found.size() > 1) {
      throw new UserError("found multiple kustomization files under " + directory, "keep only one");
    }
    Path file = found.get(0);
    Path real = ResourceFiles.realPath(file, file.toString());
    if (!real.getParent().startsWith(root)) {
      throw new UserError(
          file + " is a symbolic link to " + real + ", outside " + root,
          "kustomize reads a kustomization only from inside its directory; copy the file in");
    }
    // kustomize unmarshals a kustomization leniently: a repeated field keeps its last value.
    Object doc = YamlReader.documentLastKeyWins(ResourceFiles.text(real), file.toString());
    if (doc == null) {
      throw new UserError(file + " is empty", "list resources or components in it");
    }
    if (!(doc instanceof Map<?, ?>)) {
      throw new UserError(file + " is not a YAML mapping", "write it as 'field: value' lines");
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> map = (Map<String, Object>) doc;
    // kustomize compares the parsed kustomization with an empty one: only a type, or only
    // null fields, is empty too (while 'resources: []' is not).
    if (map.entrySet().stream()
        .allMatch(e -> e.getValue() == null || TYPE_FIELDS.contains(e.getKey()))) {
      throw new UserError(file + " is empty", "list resources or components in it");
    }
    return new KustomizationFile(root, file, map);
  }

  /**
   * The kustomization with each field name spelled as kustomize knows it where it differs only in
   * case ({@code nameprefix}): kustomize decodes the file with Go's encoding/json, which matches
   * field names so; of two spellings of one field the later one wins, as there.
   */
  private static Map<String, Object> fieldNamesAsKnown(Map<String, Object> doc) {
    Map<String, Object> result = new LinkedHashMap<>();
    doc.forEach(
        (key, value) -> {
          String name = key;
          if (!SUPPORTED_FIELDS.contains(key) && !UNSUPPORTED_FIELDS.contains(key)) {
            for (Set<String> known : List.of(SUPPORTED_FIELDS, UNSUPPORTED_FIELDS)) {
              for (String field : known) {
                if (field.equalsIgnoreCase(key)) {
                  name = field;
                }
              }
            }
          }
          result.remove(name);
          result.put(name, value);
        });
    return result;
  }

  private static String orEmpty(String value) {
    return value == null ? "" : value;
  }

  /** Type-checked access to the document, naming the file and field in errors. */
  record Reader(String file, Map<String, Object> doc) {
    UserError wrongType(String field, String expected) {
      return new UserError(
          file + ": field '" + field + "' must be " + expected, "fix '" + field + "'");
    }

    String string(Map<String, Object> map, String key, String field) {
      Object value = map.get(key);
      if (value == null) {
        return null;
      }
      if (!(value instanceof String text)) {
        throw wrongType(field, "a string");
      }
      return text;
    }

    String required(Map<String, Object> map, String key, String at) {
      String value = string(map, key, at + "." + key);
      if (value == null || value.isEmpty()) {
        throw new UserError(file + ": " + at + " needs '" + key + "'", "add " + key + ": ...");
      }
      return value;
    }

    /** An optional integer field; {@code absent} when it is not set. */
    int integer(Map<String, Object> map, String key, String at, int absent) {
      Object value = map.get(key);
      if (value == null) {
        return absent;
      }
      if (!(value instanceof Long number) || number != number.intValue()) {
        throw wrongType(at + "." + key, "an integer");
      }
      return number.intValue();
    }

    boolean bool(Map<String, Object> map, String key, String at) {
      Object value = map.get(key);
      if (value == null) {
        return false;
      }
      if (!(value instanceof Boolean flag)) {
        throw wrongType(at + "." + key, "true or false");
      }
      return flag;
    }

    List<String> strings(Map<String, Object> map, String key) {
      return strings(map, key, key);
    }

    List<String> strings(Map<String, Object> map, String key, String field) {
      Object value = map.get(key);
      if (value == null) {
        return List.of();
      }
      if (!(value instanceof List<?> list) || !list.stream().allMatch(String.class::isInstance)) {
        throw wrongType(field, "a list of strings");
      }
      return list.stream().map(String.class::cast).toList();
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> map(Map<String, Object> map, String key, String field) {
      Object value = map.get(key);
      if (value == null) {
        return null;
      }
      if (!(value instanceof Map<?, ?> child)) {
        throw wrongType(field, "a mapping");
      }
      return (Map<String, Object>) child;
    }

    List<Map<String, Object>> maps(Map<String, Object> map, String key) {
      return maps(map, key, key);
    }

    @SuppressWarnings("unchecked")
    List<Map<String, Object>> maps(Map<String, Object> map, String key, String field) {
      Object value = map.get(key);
      if (value == null) {
        return List.of();
      }
      if (!(value instanceof List<?> list) || !list.stream().allMatch(Map.class::isInstance)) {
        throw wrongType(field, "a list of mappings");
      }
      return (List<Map<String, Object>>) value;
    }

    Map<String, String> stringMap(Map<String, Object> map, String key, String field) {
      Map<String, Object> raw = map(map, key, field);
      Map<String, String> result = new LinkedHashMap<>();
      if (raw != null) {
        raw.forEach(
            (k, v) -> {
              if (!(v instanceof String text)) {
                throw new UserError(
                    file + ": value of '" + field + "." + k + "' must be a string",
                    "quote it: " + k + ": \"" + v + "\"");
              }
              result.put(k, text);
            });
      }
      return result;
    }

    void only(Map<String, Object> map, String at, String... allowed) {
      Set<String> known = Set.of(allowed);
      for (String key : map.keySet()) {
        if (!known.contains(key)) {
          throw new UserError(
              file + ": field '" + at + "." + key + "' is not supported by the tfs-deploy renderer",
              "remove it");
        }
      }
    }

    @SuppressWarnings("unchecked")
    PatchRule patch(Object entry, String at, boolean allowOptions) {
      if (!(entry instanceof Map<?, ?>)) {
        throw wrongType(at, "a mapping with path or patch");
      }
      Map<String, Object> map = (Map<String, Object>) entry;
      if (allowOptions) {
        only(map, at, "path", "patch", "target", "options");
      } else {
        only(map, at, "path", "patch", "target");
      }
      String path = string(map, "path", at + ".path");
      String patch = string(map, "patch", at + ".patch");
      if ((path == null) == (patch == null)) {
        throw new UserError(
            file + ": " + at + " needs exactly one of 'path' and 'patch'", "set one of them");
      }
      Map<String, Object> target = map(map, "target", at + ".target");
      Target parsed = null;
      if (target != null) {
        only(
            target,
            at + ".target",
            "group",
            "version",
            "kind",
            "name",
            "namespace",
            "labelSelector",
            "annotationSelector");
        parsed = target(target, at + ".target");
      }
      Map<String, Object> options = map(map, "options", at + ".options");
      if (options != null) {
        only(options, at + ".options", "allowNameChange", "allowKindChange");
        return new PatchRule(
            path,
            patch,
            parsed,
            bool(options, "allowNameChange", at + ".options"),
            bool(options, "allowKindChange", at + ".options"));
      }
      return new PatchRule(path, patch, parsed);
    }

    /** A selector's fields (callers restrict which ones may appear with {@link #only}). */
    Target target(Map<String, Object> map, String at) {
      Function<String, String> s = key -> string(map, key, at + "." + key);
      return new Target(
          s.apply("group"),
          s.apply("version"),
          s.apply("kind"),
          s.apply("name"),
          s.apply("namespace"),
          s.apply("labelSelector"),
          s.apply("annotationSelector"));
    }

    /** A var: name, objref (fieldref.fieldPath defaults to metadata.name, as in kustomize). */
    Vars.Var var(Map<String, Object> raw, String at) {
      Map<String, Object> entry = jsonFieldNames(raw, "name", "objref", "fieldref");
      Map<String, Object> rawObjref = map(entry, "objref", at + ".objref");
      if (rawObjref == null) {
        throw new UserError(
            file + ": " + at + " needs 'objref'",
            "add objref: {apiVersion: ..., kind: ..., name: ...}");
      }
      Map<String, Object> objref =
          jsonFieldNames(rawObjref, "apiVersion", "group", "version", "kind", "name", "namespace");
      only(objref, at + ".objref", "apiVersion", "group", "version", "kind", "name", "namespace");
      Function<String, String> s = key -> orEmpty(string(objref, key, at + ".objref." + key));
      ResId id =
          objref.containsKey("apiVersion")
              ? ResId.of(
                  s.apply("apiVersion"), s.apply("kind"), s.apply("name"), s.apply("namespace"))
              : new ResId(
                  s.apply("group"),
                  s.apply("version"),
                  s.apply("kind"),
                  s.apply("name"),
                  s.apply("namespace"));
      Map<String, Object> fieldref = map(entry, "fieldref", at + ".fieldref");
      String fieldPath = null;
      if (fieldref != null) {
        fieldref = jsonFieldNames(fieldref, "fieldPath");
        only(fieldref, at + ".fieldref", "fieldPath");
        fieldPath = string(fieldref, "fieldPath", at + ".fieldref.fieldPath");
      }
      only(entry, at, "name", "objref", "fieldref");
      return new Vars.Var(
          required(entry, "name", at),
          id,
          fieldPath == null || fieldPath.isEmpty() ? "metadata.name" : fieldPath,
          file);
    }

    /**
     * The map with its keys spelled as {@code names} spell them where they differ only in case:
     * kustomize decodes a kustomization with Go's encoding/json, which matches field names so
     * (krusty's var tests write fieldref.fieldpath).
     */
    private static Map<String, Object> jsonFieldNames(Map<String, Object> map, String... names) {
      Map<String, Object> result = new LinkedHashMap<>();
      map.forEach(
          (key, value) -> {
            String name = key;
            for (String known : names) {
              if (!map.containsKey(known) && known.equalsIgnoreCase(key)) {
                name = known;
              }
            }
            result.put(name, value);
          });
      return result;
    }

    GeneratorOptions options(Map<String, Object> map, String at) {
      only(map, at, "labels", "annotations", "disableNameSuffixHash", "immutable");
      return new GeneratorOptions(
          stringMap(map, "labels", at + ".labels"),
          stringMap(map, "annotations", at + ".annotations"),
          bool(map, "disableNameSuffixHash", at),
          bool(map, "immutable", at));
    }

    List<GeneratorArgs> generators(Map<String, Object> doc, String key, boolean secret) {
      List<GeneratorArgs> result = new ArrayList<>();
      int i = 0;
      for (Map<String, Object> entry : maps(doc, key)) {
        String at = key + "[" + i++ + "]";
        only(
            entry,
            at,
            (secret ? SECRET_GENERATOR_FIELDS : CONFIG_MAP_GENERATOR_FIELDS)
                .toArray(String[]::new));
        String behavior = string(entry, "behavior", at + ".behavior");
        if (behavior != null && !Set.of("create", "merge", "replace").contains(behavior)) {
          throw new UserError(
              file + ": " + at + ".behavior must be create, merge or replace", "fix it");
        }
        List<String> envs = new ArrayList<>(strings(entry, "envs"));
        String env = string(entry, "env", at + ".env");
        if (env != null) {
          envs.add(env);
        }
        Map<String, Object> options = map(entry, "options", at + ".options");
        result.add(
            new GeneratorArgs(
                required(entry, "name", at),
                string(entry, "namespace", at + ".namespace"),
                behavior == null ? "create" : behavior,
                strings(entry, "files"),
                strings(entry, "literals"),
                envs,
                secret ? string(entry, "type", at + ".type") : null,
                (options == null ? GeneratorOptions.NONE : options(options, at + ".options"))));
      }
      return result;
    }
  }
}
