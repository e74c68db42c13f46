package dev.tfsdeploy.overlay;

import dev.tfsdeploy.UserError;
import dev.tfsdeploy.overlay.FieldSpecs.NameReference;
import dev.tfsdeploy.yaml.YamlReader;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * kustomize's TransformerConfig: the field specs of the {@code configurations} files, then the
 * builtin ones, then those of the {@code crds}. As in kustomize, a kustomization's config is merged
 * into its accumulator after its resources, a child's into its parent's, and a component's into its
 * parent's directly, so a level's transformers and the final name-reference fix see the field specs
 * of every level below too. Merging keeps kustomize's rule: a spec is skipped when one already
 * there has its path and is selected by its group, version and kind (so a configured spec for
 * {@code metadata/labels} of one kind keeps the builtin one for every kind out, in that
 * kustomization and the ones above it); if their {@code create} differs it is refused, as kustomize
 * refuses it.
 */
final class TransformerConfig {
  /**
   * Sections that would change transformers this renderer cannot yet configure: refused by name.
   */
  private static final Set<String> REFUSED = Set.of("labels", "templateLabels");

  private static final Set<String> KNOWN =
      Set.of(
          "namePrefix",
          "nameSuffix",
          "namespace",
          "commonLabels",
          "commonAnnotations",
          "replicas",
          "nameReference",
          "varReference",
          "images");

  /** Where namePrefix and nameSuffix go (kustomize's PrefixTransformer and SuffixTransformer). */
  final List<FieldSpec> namePrefix = new ArrayList<>();

  final List<FieldSpec> nameSuffix = new ArrayList<>();

  /** Where the namespace goes besides every namespaced object's metadata.namespace. */
  final List<FieldSpec> namespace = new ArrayList<>();

  final List<FieldSpec> commonLabels = new ArrayList<>();
  final List<FieldSpec> commonAnnotations = new ArrayList<>();
  final List<FieldSpec> replicas = new ArrayList<>();
  final List<NameReference> nameReferences = new ArrayList<>();

  /**
   * Image fields beyond containers: the builtin ones lie in containers lists, which the image
   * transformer already searches everywhere, so only the configured ones are kept.
   */
  final List<FieldSpec> images = new ArrayList<>();

  /** More fields where vars' $(NAME) is replaced, after the builtin ones. */
  final List<FieldSpec> varReferences = new ArrayList<>();

  /** An accumulator's config before any kustomization merged into it. */
  static TransformerConfig empty() {
    return new TransformerConfig();
  }

  /**
   * The specs of each of {@code k}'s configurations in order, then the builtin ones (kustomize's
   * MakeTransformerConfig), then those of its crds.
   */
  static TransformerConfig of(KustomizationFile k) {
    TransformerConfig config = new TransformerConfig();
    for (String entry : k.configurations) {
      // kubectl's kustomize v5.5 reads every entry as a file (inline YAML came later).
      String what = k.file + ": configurations '" + entry + "'";
      Object doc =
          YamlReader.document(
              ResourceFiles.text(ResourceFiles.fileInRoot(k, entry, "configurations")), what);
      config.merge(parse(doc, what), what);
    }
    // A builtin spec conflicts only with a configured one, so the error names the configurations.
    config.merge(
        builtin(),
        k.file
            + ": configurations "
            + String.join(", ", k.configurations.stream().map(e -> "'" + e + "'").toList()));
    for (String entry : k.crds) {
      config.merge(CrdConfig.read(k, entry), k.file + ": crds '" + entry + "'");
    }
    return config;
  }

  private static TransformerConfig builtin() {
    TransformerConfig config = new TransformerConfig();
    config.namePrefix.addAll(FieldSpecs.NAME);
    config.nameSuffix.addAll(FieldSpecs.NAME);
    config.namespace.addAll(FieldSpecs.NAMESPACE_FIELDS);
    config.commonLabels.addAll(FieldSpecs.COMMON_LABELS);
    config.commonAnnotations.addAll(FieldSpecs.COMMON_ANNOTATIONS);
    config.replicas.addAll(FieldSpecs.REPLICAS);
    config.nameReferences.addAll(FieldSpecs.NAME_REFERENCES);
    return config;
  }

  /** Adds {@code other}'s specs that are not here yet. */
  void merge(TransformerConfig other, String what) {
    mergeSpecs(namePrefix, other.namePrefix, "namePrefix", what);
    mergeSpecs(nameSuffix, other.nameSuffix, "nameSuffix", what);
    mergeSpecs(namespace, other.namespace, "namespace", what);
    mergeSpecs(commonLabels, other.commonLabels, "commonLabels", what);
    mergeSpecs(commonAnnotations, other.commonAnnotations, "commonAnnotations", what);
    mergeSpecs(replicas, other.replicas, "replicas", what);
    mergeSpecs(images, other.images, "images", what);
    mergeSpecs(varReferences, other.varReferences, "varReference", what);
    for (NameReference reference : other.nameReferences) {
      NameReference same =
          nameReferences.stream()
              .filter(
                  r ->
                      sameGvk(
                              r.group(),
                              r.version(),
                              r.target(),
                              reference.group(),
                              reference.version(),
                              reference.target())
                          && covers(r.field(), reference.field()))
              .findFirst()
              .orElse(null);
      if (same == null) {
        nameReferences.add(reference);
      } else if (same.field().create() != reference.field().create()) {
        throw conflict("nameReference", reference.field(), what);
      }
    }
  }

  /**
   * kustomize's FsSlice.MergeAll of two lists each kept in its order (see {@link
   * #KUSTOMIZE_ORDER}): which spec a new one meets first decides whether it is skipped or
   * conflicts.
   */
  private static void mergeSpecs(
      List<FieldSpec> into, List<FieldSpec> from, String section, String what) {
    for (FieldSpec spec : from.stream().sorted(KUSTOMIZE_ORDER).toList()) {
      FieldSpec same = into.stream().filter(s -> covers(s, spec)).findFirst().orElse(null);
      if (same == null) {
        into.add(spec);
      } else if (same.create() != spec.create()) {
        throw conflict(section, spec, what);
      }
    }
    into.sort(KUSTOMIZE_ORDER);
  }

  /**
   * kustomize keeps field specs sorted by group/version/kind (Gvk.IsLessThan): the kinds its legacy
   * output order names first or last by that order, all others between them, then by {@code
   * Kind.version.group} text, where an unnamed part ([noVer], [noGrp], [noKind]) sorts before
   * names.
   */
  private static final Comparator<FieldSpec> KUSTOMIZE_ORDER =
      Comparator.comparingInt(
              (FieldSpec spec) -> spec.kind() == null ? 0 : SortOrder.LEGACY.rank(spec.kind()))
          .thenComparing(
              spec ->
                  orUnnamed(spec.kind(), "[noKind]")
                      + "."
                      + orUnnamed(spec.version(), "[noVer]")
                      + "."
                      + orUnnamed(spec.group(), "[noGrp]"));

  private static String orUnnamed(String part, String unnamed) {
    return part == null ? unnamed : part;
  }

  private static UserError conflict(String section, FieldSpec spec, String what) {
    return new UserError(
        what
            + ": the "
            + section
            + " field spec "
            + describe(spec)
            + " conflicts with an equal one whose 'create' differs (kustomize: conflicting"
            + " fieldspecs)",
        "give both the same create value, or drop one");
  }

  private static String describe(FieldSpec spec) {
    return "'" + spec.path() + "'" + (spec.kind() == null ? "" : " of kind " + spec.kind());
  }

  /**
   * kustomize's FieldSpec.effectivelyEquals: {@code added} counts as already there when {@code
   * present} has its path and is selected by its group, version and kind.
   */
  static boolean covers(FieldSpec present, FieldSpec added) {
    return present.path().equals(added.path())
        && (added.group() == null || added.group().equals(present.group()))
        && (added.version() == null || added.version().equals(present.version()))
        && (added.kind() == null || added.kind().equals(present.kind()));
  }

  private static boolean sameGvk(String g1, String v1, String k1, String g2, String v2, String k2) {
    return java.util.Objects.equals(g1, g2)
        && java.util.Objects.equals(v1, v2)
        && java.util.Objects.equals(k1, k2);
  }

  private static TransformerConfig parse(Object doc, String what) {
    TransformerConfig config = new TransformerConfig();
    if (doc == null) {
      return config;
    }
    if (!(doc instanceof Map<?, ?> map)) {
      throw new UserError(
          what + " is not a YAML mapping",
          "write it as sections such as 'commonLabels:' of field specs");
    }
    for (Map.Entry<?, ?> section : map.entrySet()) {
      String name = String.valueOf(section.getKey());
      if (REFUSED.contains(name)) {
        throw new UserError(
            what + ": the '" + name + "' section is not supported by the tfs-deploy renderer",
            "remove it, or render with kubectl kustomize instead");
      }
      if (!KNOWN.contains(name)) {
        throw new UserError(
            what + ": unknown section '" + name + "'",
            "use namePrefix, nameSuffix, namespace, commonLabels, commonAnnotations, replicas,"
                + " images, nameReference or varReference");
      }
      for (Map<?, ?> entry : mappings(section.getValue(), what, name)) {
        switch (name) {
          case "namePrefix" -> config.namePrefix.add(spec(entry, what, name));
          case "nameSuffix" -> config.nameSuffix.add(spec(entry, what, name));
          case "namespace" -> config.namespace.add(spec(entry, what, name));
          case "commonLabels" -> config.commonLabels.add(spec(entry, what, name));
          case "commonAnnotations" -> config.commonAnnotations.add(spec(entry, what, name));
          case "replicas" -> config.replicas.add(spec(entry, what, name));
          case "images" -> config.images.add(spec(entry, what, name));
          case "nameReference" -> config.nameReferences.addAll(nameReference(entry, what));
          case "varReference" -> config.varReferences.add(spec(entry, what, name));
          default -> spec(entry, what, name);
        }
      }
    }
    return config;
  }

  private static List<NameReference> nameReference(Map<?, ?> entry, String what) {
    String at = "nameReference";
    only(entry, what, at, "group", "version", "kind", "fieldSpecs");
    String kind = text(entry, "kind", what, at);
    if (kind == null) {
      throw new UserError(
          what + ": a nameReference entry has no kind", "name the kind whose name is referred to");
    }
    List<NameReference> references = new ArrayList<>();
    for (Map<?, ?> field :
        mappings(entry.get("fieldSpecs"), what, at + " " + kind + " fieldSpecs")) {
      references.add(
          new NameReference(
              text(entry, "group", what, at),
              text(entry, "version", what, at),
              kind,
              spec(field, what, at + " " + kind + " fieldSpecs")));
    }
    return references;
  }

  /**
   * A builtin plugin config's fieldSpecs list (its section name {@code at} in errors). kustomize
   * decodes plugin configs leniently, so keys a field spec does not have (a {@code name}) are
   * ignored there, as by kubectl.
   */
  static List<FieldSpec> specs(Object value, String what, String at) {
    return mappings(value, what, at).stream()
        .map(
            entry -> {
              Map<Object, Object> known = new java.util.LinkedHashMap<>(entry);
              known.keySet().retainAll(SPEC_KEYS);
              return spec(known, what, at);
            })
        .toList();
  }

  private static final List<String> SPEC_KEYS =
      List.of("group", "version", "kind", "path", "create");

  private static FieldSpec spec(Map<?, ?> entry, String what, String at) {
    only(entry, what, at, SPEC_KEYS.toArray(String[]::new));
    String path = text(entry, "path", what, at);
    if (path == null) {
      throw new UserError(
          what + ": a " + at + " field spec has no path", "add path: such as spec/selector");
    }
    Object create = entry.get("create");
    if (create != null && !(create instanceof Boolean)) {
      throw new UserError(
          what + ": 'create' of " + at + " field spec '" + path + "' must be true or false",
          "fix 'create'");
    }
    return FieldSpec.of(
        text(entry, "group", what, at),
        text(entry, "version", what, at),
        text(entry, "kind", what, at),
        path,
        Boolean.TRUE.equals(create));
  }

  /** A string field; empty means any group, version or kind, as in kustomize's Gvk. */
  private static String text(Map<?, ?> entry, String key, String what, String at) {
    Object value = entry.get(key);
    if (value != null && !(value instanceof String)) {
      throw new UserError(
          what + ": '" + key + "' of a " + at + " entry must be a string", "quote it");
    }
    return value == null || ((String) value).isEmpty() ? null : (String) value;
  }

  private static void only(Map<?, ?> entry, String what, String at, String... keys) {
    for (Object key : entry.keySet()) {
      if (!List.of(keys).contains(String.valueOf(key))) {
        throw new UserError(
            what + ": unknown field '" + key + "' in a " + at + " entry",
            "use only " + String.join(", ", keys));
      }
    }
  }

  private static List<Map<?, ?>> mappings(Object value, String what, String at) {
    if (value == null) {
      return List.of();
    }
    if (!(value instanceof List<?> list) || !list.stream().allMatch(Map.class::isInstance)) {
      throw new UserError(
          what + ": '" + at + "' must be a list of field specs (mappings)", "fix '" + at + "'");
    }
    return list.stream().<Map<?, ?>>map(Map.class::cast).toList();
  }
}
