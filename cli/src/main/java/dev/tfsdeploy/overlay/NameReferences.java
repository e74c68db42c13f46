package dev.tfsdeploy.overlay;

import dev.tfsdeploy.UserError;
import dev.tfsdeploy.overlay.FieldSpecs.NameReference;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * After all renames (prefixes, suffixes, content hashes), rewrites the fields that refer to a
 * renamed object by its old name, choosing the referred object as kustomize's nameref filter
 * does: among objects renamed from that name (an object never renamed is no candidate, even one
 * that still has the name), those in the referrer's namespace, then those with its
 * prefixes/suffixes.
 */
final class NameReferences {
  private NameReferences() {}

  static void fix(List<Resource> resources) {
    for (NameReference reference : FieldSpecs.NAME_REFERENCES) {
      for (Resource referrer : resources) {
        if (!reference.field().appliesTo(referrer)) {
          continue;
        }
        reference.field().apply(referrer.object(), old -> {
          if (!(old instanceof String name)) {
            return old;
          }
          Resource referral = select(name, reference.target(), referrer, resources);
          return referral == null ? old : referral.name();
        });
      }
    }
  }

  private static Resource select(String oldName, String kind, Resource referrer, List<Resource> resources) {
    List<Resource> candidates = new ArrayList<>();
    for (Resource candidate : resources) {
      List<ResId> previous = candidate.previousIds();
      boolean named = previous.stream().anyMatch(id -> id.name().equals(oldName))
          && previous.stream().anyMatch(id -> id.kind().equals(kind));
      boolean sameNamespace = Kinds.isClusterScoped(referrer.kind()) || Kinds.isClusterScoped(candidate.kind())
          || candidate.id().effectiveNamespace().equals(referrer.id().effectiveNamespace());
      if (named && sameNamespace) {
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
    if (candidates.stream().map(Resource::name).distinct().count() == 1) {
      return candidates.get(0);
    }
    throw new UserError(referrer.origin() + ": " + referrer.id() + " refers to " + kind + " '" + oldName
        + "', which could be any of " + candidates.stream().map(r -> r.id().toString()).collect(Collectors.joining(", ")),
        "give the objects distinct names");
  }
}
