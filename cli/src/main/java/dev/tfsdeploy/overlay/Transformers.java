package dev.tfsdeploy.overlay;

import dev.tfsdeploy.UserError;
import dev.tfsdeploy.overlay.KustomizationFile.ImageRule;
import dev.tfsdeploy.overlay.KustomizationFile.ReplicaRule;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/** kustomize's builtin transformers other than patches, each applied to every resource. */
final class Transformers {
  private Transformers() {}

  /**
   * How a namespace change treats RoleBinding and ClusterRoleBinding subjects (kustomize's
   * setRoleBindingSubjects).
   */
  enum Subjects {
    DEFAULT_ONLY,
    ALL_SERVICE_ACCOUNTS,
    NONE
  }

  /** The namespace field's transformer: kustomize's default namespace field specs. */
  static void namespace(
      String namespace, TransformerConfig config, List<Resource> resources, String file) {
    namespace(namespace, config.namespace, false, Subjects.DEFAULT_ONLY, resources, file);
  }

  /**
   * kustomize's NamespaceTransformer: every object remembers its id, namespaced ones move to {@code
   * namespace} whatever the field specs say, a v1 Namespace is renamed to it where a spec names its
   * metadata/name, binding subjects follow {@code subjects}, other specs' fields are set (only
   * where empty with {@code unsetOnly}); two objects ending with one id are refused.
   */
  static void namespace(
      String namespace,
      List<FieldSpec> specs,
      boolean unsetOnly,
      Subjects subjects,
      List<Resource> resources,
      String file) {
    if (namespace == null || namespace.isEmpty()) {
      return;
    }
    UnaryOperator<Object> setter =
        old -> unsetOnly && old instanceof String text && !text.isEmpty() ? old : namespace;
    for (Resource resource : resources) {
      resource.storePreviousId();
      if (!Kinds.isClusterScoped(resource.id())) {
        resource.setNamespace((String) setter.apply(resource.namespace()));
      }
      boolean binding =
          "RoleBinding".equals(resource.kind()) || "ClusterRoleBinding".equals(resource.kind());
      if (binding) {
        subjectsInto(namespace, subjects, resource);
      }
      for (FieldSpec spec : specs) {
        if (!spec.appliesTo(resource)
            || spec.path().equals(METADATA_NAMESPACE)
            || binding && spec.path().equals("subjects")) {
          continue;
        }
        if (spec.path().equals("metadata/name")) {
          // kustomize keeps a spec for metadata/name only on objects of apiVersion v1.
          if ("v1".equals(resource.object().get("apiVersion"))) {
            resource.setName((String) setter.apply(resource.name()));
          }
          continue;
        }
        spec.apply(resource.object(), setter);
      }
    }
    for (Resource resource : resources) {
      List<Resource> same = resources.stream().filter(r -> r.id().sameAs(resource.id())).toList();
      if (same.size() > 1) {
        throw new UserError(
            file
                + ": namespace '"
                + namespace
                + "' gives several objects the id "
                + resource.id()
                + ": "
                + same.stream().map(r -> "from " + r.origin()).toList(),
            "give them distinct names, or put them in separate kustomizations");
      }
    }
  }

  private static final String METADATA_NAMESPACE = "metadata/namespace";

  /**
   * kustomize moves the binding subjects named "default" (of any kind) into the new namespace, or
   * with allServiceAccounts every ServiceAccount subject.
   */
  @SuppressWarnings("unchecked")
  private static void subjectsInto(String namespace, Subjects mode, Resource binding) {
    if (mode != Subjects.NONE && binding.object().get("subjects") instanceof List<?> subjects) {
      for (Object subject : subjects) {
        if (!(subject instanceof Map<?, ?> map)) {
          continue;
        }
        boolean moves =
            mode == Subjects.DEFAULT_ONLY
                ? "default".equals(map.get("name"))
                : "ServiceAccount".equals(map.get("kind"));
        if (moves) {
          ((Map<String, Object>) subject).put("namespace", namespace);
        }
      }
    }
  }

  /**
   * namePrefix/nameSuffix at the config's field specs; with the same specs for both, every level
   * records its (possibly empty) affixes, as kustomize does.
   */
  static void nameAffixes(
      String prefix, String suffix, TransformerConfig config, List<Resource> resources) {
    if (config.namePrefix.equals(config.nameSuffix)) {
      affixes(prefix, suffix, config.namePrefix, resources);
      return;
    }
    // Configured apart (configurations' namePrefix and nameSuffix sections), the two run as
    // kustomize's PrefixTransformer and SuffixTransformer, each only when its affix is set.
    if (!prefix.isEmpty()) {
      affixes(prefix, "", config.namePrefix, resources);
    }
    if (!suffix.isEmpty()) {
      affixes("", suffix, config.nameSuffix, resources);
    }
  }

  /**
   * kustomize's PrefixSuffixTransformer: on each object its field specs select (by its original id,
   * kinds that keep their name aside), a metadata/name spec renames the object and records the
   * affixes; other specs' string fields get them too.
   */
  static void affixes(
      String prefix, String suffix, List<FieldSpec> specs, List<Resource> resources) {
    for (Resource resource : resources) {
      if (FieldSpecs.KEEP_NAME.stream().anyMatch(spec -> spec.selects(resource.originalId()))) {
        continue;
      }
      for (FieldSpec spec : specs) {
        if (!spec.selects(resource.originalId())) {
          continue;
        }
        if (spec.path().equals("metadata/name")) {
          resource.prefixes().add(prefix);
          resource.suffixes().add(suffix);
          if (!prefix.isEmpty() || !suffix.isEmpty()) {
            resource.storePreviousId();
            resource.setName(prefix + resource.name() + suffix);
          }
        } else {
          spec.apply(
              resource.object(),
              old ->
                  old == null
                      ? prefix + suffix
                      : old instanceof String text ? prefix + text + suffix : old);
        }
      }
    }
  }

  /** Adds string entries to the maps at the given field specs (labels or annotations). */
  static void addEntries(
      Map<String, String> entries, List<FieldSpec> specs, List<Resource> resources) {
    if (entries.isEmpty()) {
      return;
    }
    for (Resource resource : resources) {
      for (FieldSpec spec : specs) {
        if (!spec.appliesTo(resource)) {
          continue;
        }
        spec.apply(
            resource.object(),
            old -> {
              if (old != null && !(old instanceof Map<?, ?>)) {
                throw new UserError(
                    resource.origin()
                        + ": "
                        + spec.path()
                        + " of "
                        + resource.id()
                        + " is not a map",
                    "fix the object");
              }
              @SuppressWarnings("unchecked")
              Map<String, Object> map =
                  old == null ? new LinkedHashMap<>() : (Map<String, Object>) old;
              map.putAll(entries);
              return map;
            });
      }
    }
  }

  static void replicas(
      ReplicaRule rule, List<FieldSpec> specs, List<Resource> resources, String file) {
    boolean matched = false;
    for (Resource resource : resources) {
      for (FieldSpec spec : specs) {
        boolean selected =
            resource.ids().stream()
                .anyMatch(id -> id.name().equals(rule.name()) && spec.selects(id));
        if (selected) {
          matched = true;
          spec.apply(resource.object(), old -> rule.count());
        }
      }
    }
    if (!matched) {
      throw new UserError(
          file
              + ": replicas: resource with name "
              + rule.name()
              + " does not match any kind with a replicas field: "
              + String.join(
                  ", ",
                  specs.stream()
                      .map(spec -> spec.kind() == null ? "any kind" : spec.kind())
                      .distinct()
                      .toList()),
          "use the name of one of those in this kustomization");
    }
  }

  /**
   * Image-name characters; '.' and '*' among them are regular expression operators to kustomize.
   */
  private static final Pattern IMAGE_NAME = Pattern.compile("[A-Za-z0-9._/:@*-]+");

  /**
   * kustomize matches an images entry's name as a Go regular expression (so '.' is any character,
   * 'x*' any number of x, and a leading '*' any start): the same expression in Java, for names of
   * image-name characters; names with other operators are refused, their Go and Java readings not
   * being checked alike.
   */
  static String imageNamePattern(String name, String where) {
    if (!IMAGE_NAME.matcher(name).matches() || name.startsWith("**")) {
      throw new UserError(
          where
              + ": images name '"
              + name
              + "' is read by kustomize as a regular expression, which the tfs-deploy renderer"
              + " reproduces only for image-name characters with . and *",
          "spell the image name, or a pattern with . and * only (a leading * matches any start)");
    }
    return name.startsWith("*") ? "." + name : name;
  }

  /**
   * Every containers list's images, then the image fields that {@code specs} (from configurations)
   * name.
   */
  static void image(ImageRule rule, List<FieldSpec> specs, List<Resource> resources, String where) {
    Pattern pattern =
        Pattern.compile(
            "^"
                + imageNamePattern(rule.name(), where)
                + "(:[a-zA-Z0-9_.{}-]*)?(@sha256:[a-zA-Z0-9_.{}-]*)?$");
    for (Resource resource : resources) {
      containerImages(resource.object(), pattern, rule);
      for (FieldSpec spec : specs) {
        if (spec.appliesTo(resource)) {
          spec.values(resource.object())
              .forEach(
                  value -> {
                    if (!(value instanceof String)) {
                      throw new UserError(
                          resource.origin()
                              + ": "
                              + spec.path()
                              + " of "
                              + resource.id()
                              + " is not a string, but configurations name it as an image field",
                          "fix the object or the field spec");
                    }
                  });
          new FieldSpec(spec.group(), spec.version(), spec.kind(), spec.path(), false)
              .apply(
                  resource.object(),
                  old ->
                      old instanceof String image && pattern.matcher(image).matches()
                          ? ImageReference.parse(image)
                              .withOverrides(rule.newName(), rule.newTag(), rule.digest())
                              .toString()
                          : old);
        }
      }
    }
  }

  /**
   * kustomize's image transformer looks at every list named containers or initContainers, wherever
   * it is and whatever the kind, and at the image of each element.
   */
  @SuppressWarnings("unchecked")
  private static void containerImages(Object node, Pattern pattern, ImageRule rule) {
    if (node instanceof List<?> list) {
      list.forEach(element -> containerImages(element, pattern, rule));
      return;
    }
    if (!(node instanceof Map<?, ?>)) {
      return;
    }
    Map<String, Object> map = (Map<String, Object>) node;
    for (Map.Entry<String, Object> entry : map.entrySet()) {
      boolean containers =
          entry.getKey().equals("containers") || entry.getKey().equals("initContainers");
      if (containers && entry.getValue() instanceof List<?> list) {
        for (Object container : list) {
          if (container instanceof Map<?, ?> c
              && c.get("image") instanceof String image
              && pattern.matcher(image).matches()) {
            ((Map<String, Object>) c)
                .put(
                    "image",
                    ImageReference.parse(image)
                        .withOverrides(rule.newName(), rule.newTag(), rule.digest())
                        .toString());
          }
        }
      }
      containerImages(entry.getValue(), pattern, rule);
    }
  }
}
