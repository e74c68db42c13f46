package dev.tfsdeploy.overlay;

import dev.tfsdeploy.UserError;
import dev.tfsdeploy.overlay.KustomizationFile.ImageRule;
import dev.tfsdeploy.overlay.KustomizationFile.ReplicaRule;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** kustomize's builtin transformers other than patches, each applied to every resource. */
final class Transformers {
  private Transformers() {}

  /**
   * kustomize's NamespaceTransformer: every object remembers its id, namespaced ones move to
   * {@code namespace}, a Namespace object is renamed to it (kustomize's namespace field specs hold
   * its metadata/name), and two objects ending with one id are refused.
   */
  static void namespace(String namespace, List<Resource> resources, String file) {
    if (namespace == null || namespace.isEmpty()) {
      return;
    }
    for (Resource resource : resources) {
      resource.storePreviousId();
      if ("Namespace".equals(resource.kind())) {
        resource.setName(namespace);
      } else if (!Kinds.isClusterScoped(resource.kind())) {
        resource.setNamespace(namespace);
      }
      List<Resource> same = resources.stream().filter(r -> r.id().sameAs(resource.id())).toList();
      if (same.size() > 1) {
        throw new UserError(file + ": namespace '" + namespace + "' gives several objects the id " + resource.id()
            + ": " + same.stream().map(r -> "from " + r.origin()).toList(),
            "give them distinct names, or put them in separate kustomizations");
      }
    }
  }

  /** namePrefix/nameSuffix; every level records its (possibly empty) affixes, as kustomize does. */
  static void nameAffixes(String prefix, String suffix, List<Resource> resources) {
    for (Resource resource : resources) {
      if (Kinds.isClusterScoped(resource.originalId().kind())) {
        continue;
      }
      resource.prefixes().add(prefix);
      resource.suffixes().add(suffix);
      if (!prefix.isEmpty() || !suffix.isEmpty()) {
        resource.storePreviousId();
        resource.setName(prefix + resource.name() + suffix);
      }
    }
  }

  /** Adds string entries to the maps at the given field specs (labels or annotations). */
  static void addEntries(Map<String, String> entries, List<FieldSpec> specs, List<Resource> resources) {
    if (entries.isEmpty()) {
      return;
    }
    for (Resource resource : resources) {
      for (FieldSpec spec : specs) {
        if (!spec.appliesTo(resource)) {
          continue;
        }
        spec.apply(resource.object(), old -> {
          if (old != null && !(old instanceof Map<?, ?>)) {
            throw new UserError(resource.origin() + ": " + spec.path() + " of " + resource.id() + " is not a map",
                "fix the object");
          }
          @SuppressWarnings("unchecked")
          Map<String, Object> map = old == null ? new LinkedHashMap<>() : (Map<String, Object>) old;
          map.putAll(entries);
          return map;
        });
      }
    }
  }

  static void replicas(ReplicaRule rule, List<Resource> resources, String file) {
    boolean matched = false;
    for (Resource resource : resources) {
      boolean named = resource.ids().stream().anyMatch(id -> id.name().equals(rule.name()));
      if (!named || !"Deployment".equals(resource.kind())) {
        continue;
      }
      matched = true;
      for (FieldSpec spec : FieldSpecs.REPLICAS) {
        spec.apply(resource.object(), old -> rule.count());
      }
    }
    if (!matched) {
      throw new UserError(file + ": replicas: resource with name " + rule.name() + " does not match a Deployment",
          "use the name of a Deployment in this kustomization");
    }
  }

  static void image(ImageRule rule, List<Resource> resources) {
    Pattern pattern =
        Pattern.compile("^" + Pattern.quote(rule.name()) + "(:[a-zA-Z0-9_.{}-]*)?(@sha256:[a-zA-Z0-9_.{}-]*)?$");
    for (Resource resource : resources) {
      for (FieldSpec spec : FieldSpecs.IMAGES) {
        if (!spec.appliesTo(resource)) {
          continue;
        }
        spec.apply(resource.object(), old -> {
          if (!(old instanceof String image) || !pattern.matcher(image).matches()) {
            return old;
          }
          return ImageReference.parse(image).withOverrides(rule.newName(), rule.newTag(), rule.digest()).toString();
        });
      }
    }
  }
}
