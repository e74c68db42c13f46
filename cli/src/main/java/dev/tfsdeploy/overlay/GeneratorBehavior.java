package dev.tfsdeploy.overlay;

import dev.tfsdeploy.UserError;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * kustomize's generator behaviors. {@code create} adds the generated ConfigMap or Secret; {@code
 * merge} and {@code replace} fold it into the object of that kind and name that the kustomization
 * already holds (from its base, say): the result keeps that object's place, current name, namespace
 * and name history, with the labels and annotations of both (the generator's winning); {@code
 * merge} also keeps the data keys the generator does not set. It gets a content hash only when both
 * would have had one.
 */
final class GeneratorBehavior {
  private static final List<String> DATA_FIELDS = List.of("data", "binaryData");

  private GeneratorBehavior() {}

  /** Adds {@code generated} to {@code resources} as its {@code behavior} says. */
  static void absorb(List<Resource> resources, Resource generated, String behavior) {
    if ("create".equals(behavior)) {
      KustomizeBuild.append(resources, generated);
      return;
    }
    Resource old = target(resources, generated, behavior);
    Map<String, Object> object = generated.object();
    Map<String, Object> metadata = Fields.mapCreating(object, "metadata");
    putMerged(
        metadata,
        "labels",
        texts(old, Fields.map(Fields.map(old.object(), "metadata"), "labels")),
        Fields.map(metadata, "labels"));
    putMerged(
        metadata,
        "annotations",
        texts(old, Fields.map(Fields.map(old.object(), "metadata"), "annotations")),
        Fields.map(metadata, "annotations"));
    if ("merge".equals(behavior)) {
      DATA_FIELDS.forEach(
          field ->
              putMerged(
                  object,
                  field,
                  texts(old, Fields.map(old.object(), field)),
                  Fields.map(object, field)));
    }
    generated.setName(old.name());
    if (old.namespace().isEmpty()) {
      metadata.remove("namespace");
    } else {
      generated.setNamespace(old.namespace());
    }
    generated.takeHistoryFrom(old);
    generated.setNeedsHash(old.needsHash() && generated.needsHash());
    resources.set(resources.indexOf(old), generated);
  }

  /** The one object {@code generated} is merged into or replaces, matched by any id it has had. */
  private static Resource target(List<Resource> resources, Resource generated, String behavior) {
    ResId id = generated.id();
    List<Resource> matches =
        resources.stream().filter(r -> r.ids().stream().anyMatch(id::sameAs)).toList();
    if (matches.isEmpty()) {
      throw new UserError(
          generated.origin()
              + ": behavior '"
              + behavior
              + "' needs a "
              + id.kind()
              + " '"
              + id.name()
              + "' made earlier (by a resource, the base, or another generator), and there is none",
          "list the kustomization that makes it under resources, or use behavior: create");
    }
    if (matches.size() > 1) {
      throw new UserError(
          generated.origin() + ": behavior '" + behavior + "' matches several objects: " + matches,
          "give them distinct names or namespaces");
    }
    return matches.get(0);
  }

  /**
   * kustomize merges these maps as maps of strings: a number or bool (say one a replacement wrote)
   * becomes its text.
   */
  private static Map<String, Object> texts(Resource old, Map<String, Object> map) {
    if (map == null) {
      return null;
    }
    Map<String, Object> texts = new LinkedHashMap<>();
    map.forEach(
        (key, value) -> {
          String text = NodeText.text(value, old);
          if (text == null || NodeText.isContainer(value)) {
            throw new UserError(
                old.origin()
                    + ": "
                    + key
                    + " of "
                    + old.id()
                    + " holds "
                    + NodeText.kindOf(value)
                    + ", which kustomize merges by its spelling",
                "quote the value in " + old.origin());
          }
          texts.put(key, text);
        });
    return texts;
  }

  /**
   * Sets {@code field} of {@code target} to {@code old} overlaid with {@code current}; leaves it
   * out when both are empty.
   */
  private static void putMerged(
      Map<String, Object> target,
      String field,
      Map<String, Object> old,
      Map<String, Object> current) {
    Map<String, Object> merged = new LinkedHashMap<>();
    if (old != null) {
      merged.putAll(old);
    }
    if (current != null) {
      merged.putAll(current);
    }
    if (merged.isEmpty()) {
      target.remove(field);
    } else {
      target.put(field, merged);
    }
  }
}
