package dev.tfsdeploy.overlay;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One Kubernetes object being rendered, plus what kustomize remembers about it: the ids it had
 * before renames (to fix references to it), the name prefixes/suffixes applied by each
 * kustomization level, and whether it is a generated object that still needs its content hash.
 */
final class Resource {
  private Map<String, Object> object;
  private final String origin;
  private final List<ResId> previousIds = new ArrayList<>();
  private final List<String> prefixes = new ArrayList<>();
  private final List<String> suffixes = new ArrayList<>();
  private boolean needsHash;
  private final ScalarNodes scalars = new ScalarNodes();

  Resource(Map<String, Object> object, String origin) {
    this.object = object;
    this.origin = origin;
  }

  Map<String, Object> object() {
    return object;
  }

  void replaceObject(Map<String, Object> replacement) {
    this.object = replacement;
    scalars.objectRebuilt();
  }

  /** What kustomize's nodes remember about this object's scalars (for replacements). */
  ScalarNodes scalars() {
    return scalars;
  }

  /** The file (or generator) this object came from, for error messages. */
  String origin() {
    return origin;
  }

  String apiVersion() {
    return Fields.string(object, "apiVersion");
  }

  String kind() {
    return Fields.string(object, "kind");
  }

  String name() {
    return Fields.string(Fields.map(object, "metadata"), "name");
  }

  String namespace() {
    String namespace = Fields.string(Fields.map(object, "metadata"), "namespace");
    return namespace == null ? "" : namespace;
  }

  ResId id() {
    return ResId.of(apiVersion(), kind(), name(), namespace());
  }

  /** The id this object had when it was read or generated (kustomize's OrgId). */
  ResId originalId() {
    List<ResId> previous = previousIds();
    return previous.isEmpty() ? id() : previous.get(0);
  }

  /**
   * The ids before each rename, oldest first (kustomize's PrevIds): their kind, name and namespace
   * as they were, with the current apiVersion, which kustomize does not remember.
   */
  List<ResId> previousIds() {
    ResId current = id();
    return previousIds.stream()
        .map(
            id ->
                new ResId(current.group(), current.version(), id.kind(), id.name(), id.namespace()))
        .toList();
  }

  /**
   * The current id, then the earlier ones: every id kustomize matches an object by (MakeResIds).
   */
  List<ResId> ids() {
    List<ResId> ids = new ArrayList<>();
    ids.add(id());
    ids.addAll(previousIds());
    return ids;
  }

  /** Takes over {@code old}'s name history and affixes, as the object that replaces it. */
  void takeHistoryFrom(Resource old) {
    previousIds.clear();
    previousIds.addAll(old.previousIds);
    prefixes.clear();
    prefixes.addAll(old.prefixes);
    suffixes.clear();
    suffixes.addAll(old.suffixes);
  }

  void storePreviousId() {
    previousIds.add(id());
  }

  void setName(String name) {
    Fields.mapCreating(object, "metadata").put("name", name);
  }

  void setNamespace(String namespace) {
    Fields.mapCreating(object, "metadata").put("namespace", namespace);
  }

  List<String> prefixes() {
    return prefixes;
  }

  List<String> suffixes() {
    return suffixes;
  }

  boolean needsHash() {
    return needsHash;
  }

  void setNeedsHash(boolean needsHash) {
    this.needsHash = needsHash;
  }

  Map<String, String> labels() {
    Map<String, String> labels = new LinkedHashMap<>();
    Map<String, Object> map = Fields.map(Fields.map(object, "metadata"), "labels");
    if (map != null) {
      map.forEach((k, v) -> labels.put(k, v == null ? "" : String.valueOf(v)));
    }
    return labels;
  }

  Map<String, String> annotations() {
    Map<String, String> annotations = new LinkedHashMap<>();
    Map<String, Object> map = Fields.map(Fields.map(object, "metadata"), "annotations");
    if (map != null) {
      map.forEach((k, v) -> annotations.put(k, v == null ? "" : String.valueOf(v)));
    }
    return annotations;
  }

  /** kustomize's PrefixesSuffixesEquals: one list of affixes ends the other, for both lists. */
  boolean sameAffixes(Resource other) {
    return endsWithShorter(prefixes, other.prefixes) && endsWithShorter(suffixes, other.suffixes);
  }

  private static boolean endsWithShorter(List<String> a, List<String> b) {
    List<String> shorter = a.size() <= b.size() ? a : b;
    List<String> longer = a.size() <= b.size() ? b : a;
    return longer.subList(longer.size() - shorter.size(), longer.size()).equals(shorter);
  }

  @Override
  public String toString() {
    return id() + " (from " + origin + ")";
  }
}
