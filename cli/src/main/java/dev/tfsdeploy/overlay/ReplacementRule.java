package dev.tfsdeploy.overlay;

import dev.tfsdeploy.UserError;
import dev.tfsdeploy.overlay.KustomizationFile.Reader;
import dev.tfsdeploy.overlay.KustomizationFile.Target;
import dev.tfsdeploy.yaml.YamlReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One entry of a kustomization's {@code replacements}, parsed and checked. {@code at} names it in
 * errors ({@code replacements[0]}, or {@code replacements[0] (repl.yaml[1])} for the second
 * replacement of a file named by {@code path}).
 */
record ReplacementRule(String at, Source source, List<TargetRule> targets) {
  /** kustomize's default field path, for sources and targets alike. */
  static final String DEFAULT_FIELD_PATH = "metadata.name";

  /** The one object to read from and the field in it. */
  record Source(Target select, String fieldPath, Cut cut) {}

  /** The objects to write to (select minus reject) and the fields in each. */
  record TargetRule(
      Target select, List<Target> reject, List<String> fieldPaths, Cut cut, boolean create) {}

  /** options.delimiter and options.index: without a delimiter the whole value is used. */
  record Cut(String delimiter, int index) {
    boolean active() {
      return delimiter != null && !delimiter.isEmpty();
    }
  }

  /**
   * An entry of {@code replacements}: inline, or {@code path} to a file of one or a list of them.
   */
  static List<ReplacementRule> parse(
      KustomizationFile k, Reader r, Map<String, Object> entry, String at) {
    String path = r.string(entry, "path", at + ".path");
    if (path == null) {
      return List.of(one(r, entry, at));
    }
    if (entry.keySet().stream().anyMatch(key -> !key.equals("path"))) {
      throw new UserError(
          k.file + ": " + at + " sets both path and an inline replacement",
          "keep either path or source/targets");
    }
    Path file = ResourceFiles.fileInRoot(k, path, "replacements path");
    Object doc = YamlReader.document(ResourceFiles.text(file), file.toString());
    if (doc instanceof Map<?, ?> map) {
      return List.of(one(r, cast(map), at + " (" + path + ")"));
    }
    if (!(doc instanceof List<?> list) || !list.stream().allMatch(Map.class::isInstance)) {
      throw new UserError(
          file + " (" + k.file + ": " + at + ") holds neither a replacement nor a list of them",
          "write source: and targets: (or a list of such entries) in it");
    }
    List<ReplacementRule> rules = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      rules.add(one(r, cast(list.get(i)), at + " (" + path + "[" + i + "])"));
    }
    return rules;
  }

  private static ReplacementRule one(Reader r, Map<String, Object> map, String at) {
    r.only(map, at, "source", "targets");
    Map<String, Object> source = r.map(map, "source", at + ".source");
    List<Map<String, Object>> targets = r.maps(map, "targets", at + ".targets");
    if (source == null || targets.isEmpty()) {
      throw new UserError(
          r.file() + ": " + at + " needs a source and at least one target",
          "add source: {kind: ..., name: ..., fieldPath: ...} and targets: [{select: ...,"
              + " fieldPaths: [...]}]");
    }
    String s = at + ".source";
    r.only(source, s, "group", "version", "kind", "name", "namespace", "fieldPath", "options");
    String fieldPath = r.string(source, "fieldPath", s + ".fieldPath");
    Source parsedSource =
        new Source(
            r.target(source, s),
            fieldPath == null || fieldPath.isEmpty() ? DEFAULT_FIELD_PATH : fieldPath,
            cut(r, source, s, false));
    List<TargetRule> parsedTargets = new ArrayList<>();
    for (int i = 0; i < targets.size(); i++) {
      parsedTargets.add(target(r, targets.get(i), at + ".targets[" + i + "]"));
    }
    return new ReplacementRule(at, parsedSource, parsedTargets);
  }

  private static TargetRule target(Reader r, Map<String, Object> map, String at) {
    r.only(map, at, "select", "reject", "fieldPaths", "options");
    Map<String, Object> select = r.map(map, "select", at + ".select");
    if (select == null) {
      throw new UserError(
          r.file() + ": " + at + " needs select", "add select: {kind: ..., name: ...}");
    }
    List<Target> reject = new ArrayList<>();
    List<Map<String, Object>> rejects = r.maps(map, "reject", at + ".reject");
    for (int i = 0; i < rejects.size(); i++) {
      reject.add(selector(r, rejects.get(i), at + ".reject[" + i + "]"));
    }
    List<String> fieldPaths = r.strings(map, "fieldPaths", at + ".fieldPaths");
    Map<String, Object> options = r.map(map, "options", at + ".options");
    return new TargetRule(
        selector(r, select, at + ".select"),
        reject,
        fieldPaths.isEmpty() ? List.of(DEFAULT_FIELD_PATH) : fieldPaths,
        cut(r, map, at, true),
        options != null && r.bool(options, "create", at + ".options"));
  }

  private static Target selector(Reader r, Map<String, Object> map, String at) {
    r.only(
        map,
        at,
        "group",
        "version",
        "kind",
        "name",
        "namespace",
        "labelSelector",
        "annotationSelector");
    return r.target(map, at);
  }

  /**
   * options.delimiter/index (and, for targets, create; encoding is a no-op in kustomize v5, so
   * refused).
   */
  private static Cut cut(Reader r, Map<String, Object> parent, String at, boolean target) {
    Map<String, Object> options = r.map(parent, "options", at + ".options");
    if (options == null) {
      return new Cut(null, 0);
    }
    if (target) {
      r.only(options, at + ".options", "delimiter", "index", "create");
    } else {
      r.only(options, at + ".options", "delimiter", "index");
    }
    return new Cut(
        r.string(options, "delimiter", at + ".options.delimiter"),
        r.integer(options, "index", at + ".options", 0));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> cast(Object map) {
    return (Map<String, Object>) map;
  }
}
