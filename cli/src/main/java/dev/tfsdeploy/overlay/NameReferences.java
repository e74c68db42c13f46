package dev.tfsdeploy.overlay;

import dev.tfsdeploy.UserError;
import dev.tfsdeploy.overlay.FieldSpecs.NameReference;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * After all renames (prefixes, suffixes, content hashes, namespaces), rewrites the fields that
 * refer to a renamed object by its old name, choosing the referred object as kustomize's nameref
 * filter does: among objects renamed from that name (an object never renamed is no candidate, even
 * one that still has the name) and of the kind the field refers to, those in the referrer's
 * namespace (unless either side is cluster-scoped or the referral is a ServiceAccount), of the kind
 * a roleRef names, then those with the referrer's prefixes/suffixes. A field holds a name, a list
 * of names, or objects with a name and a namespace (binding subjects, webhook services), whose
 * namespace becomes the referral's (added if missing).
 */
final class NameReferences {
  private NameReferences() {}

  static void fix(List<Resource> resources, List<NameReference> references) {
    for (NameReference reference : references) {
      for (Resource referrer : resources) {
        if (reference.field().appliesTo(referrer)) {
          reference
              .field()
              .apply(referrer.object(), old -> renamed(old, reference, referrer, resources));
        }
      }
    }
  }

  @SuppressWarnings("unchecked")
  private static Object renamed(
      Object value, NameReference reference, Resource referrer, List<Resource> resources) {
    if (value instanceof String name) {
      Resource referral = select(name, null, false, reference, referrer, resources);
      return referral == null ? name : referral.name();
    }
    if (value instanceof List<?> list) {
      List<Object> updated = new ArrayList<>();
      list.forEach(element -> updated.add(renamed(element, reference, referrer, resources)));
      return updated;
    }
    if (value instanceof Map<?, ?> map && map.get("name") instanceof String name) {
      Object namespace = map.get("namespace");
      if (map.containsKey("namespace") && (namespace == null || "".equals(namespace))) {
        throw new UserError(
            referrer.origin()
                + ": "
                + referrer.id()
                + " names "
                + reference.target()
                + " '"
                + name
                + "' with a blank namespace",
            "give the namespace or remove the namespace field");
      }
      Resource referral =
          select(
              name,
              namespace instanceof String ns ? ns : null,
              true,
              reference,
              referrer,
              resources);
      if (referral != null) {
        ((Map<String, Object>) map).put("name", referral.name());
        if (!referral.namespace().isEmpty()) {
          ((Map<String, Object>) map).put("namespace", referral.namespace());
        }
      }
    }
    return value;
  }

  private static Resource select(
      String oldName,
      String oldNamespace,
      boolean inObject,
      NameReference reference,
      Resource referrer,
      List<Resource> resources) {
    String roleRefKind =
        reference.field().path().endsWith("roleRef/name")
            ? Fields.string(Fields.map(referrer.object(), "roleRef"), "kind")
            : null;
    List<Resource> candidates = new ArrayList<>();
    for (Resource candidate : resources) {
      boolean named =
          candidate.previousIds().stream()
              .anyMatch(
                  id ->
                      id.name().equals(oldName)
                          && reference.targets(id)
                          && (oldNamespace == null
                              || id.effectiveNamespace().equals(oldNamespace)));
      boolean sameNamespace =
          Kinds.isClusterScoped(referrer.id())
              || Kinds.isClusterScoped(candidate.id())
              || "ServiceAccount".equals(candidate.kind())
              || candidate.id().effectiveNamespace().equals(referrer.id().effectiveNamespace());
      boolean roleRefKindMatches =
          roleRefKind == null || roleRefKind.equals(candidate.originalId().kind());
      if (named && sameNamespace && roleRefKindMatches) {
        candidates.add(candidate);
      }
    }
    if (candidates.size() == 1) {
      return candidates.get(0);
    }
    candidates.removeIf(candidate -> !candidate.sameAffixes(referrer));
    if (candidates.size() == 1) {
      return candidates.get(0);
    }
    if (candidates.isEmpty()) {
      return null;
    }
    // Candidates all renamed alike are no ambiguity for a name; for an object with a namespace
    // the namespaces must agree too (kustomize's allNamesAreTheSame /
    // allNamesAndNamespacesAreTheSame).
    if (candidates.stream()
            .map(r -> (inObject ? r.namespace() + "/" : "") + r.name())
            .distinct()
            .count()
        == 1) {
      return candidates.get(0);
    }
    throw new UserError(
        referrer.origin()
            + ": "
            + referrer.id()
            + " refers to "
            + reference.target()
            + " '"
            + oldName
            + "', which could be any of "
            + candidates.stream().map(r -> r.id().toString()).collect(Collectors.joining(", ")),
        "give the objects distinct names");
  }
}
