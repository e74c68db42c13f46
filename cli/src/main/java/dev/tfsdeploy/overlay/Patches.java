package dev.tfsdeploy.overlay;

import dev.tfsdeploy.UserError;
import dev.tfsdeploy.overlay.KustomizationFile.PatchRule;
import dev.tfsdeploy.yaml.YamlReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Applies one {@code patches} (or legacy {@code patchesStrategicMerge} / {@code patchesJson6902})
 * entry: a list of operations is a JSON 6902 patch and needs a target; anything else is one or more
 * strategic merge patches, applied to the target's matches or, without a target, to the object the
 * patch itself names.
 */
final class Patches {
  private Patches() {}

  static void apply(
      KustomizationFile k, PatchRule rule, List<Resource> resources, boolean json6902Only) {
    if (json6902Only
        && (rule.target() == null
            || rule.target().name() == null
            || rule.target().name().isEmpty())) {
      throw new UserError(
          k.file + ": a patchesJson6902 entry must name its target",
          "add target.name, or move the entry to patches, whose targets may leave the name out");
    }
    String source;
    String text;
    if (rule.path() != null) {
      Path file = ResourceFiles.fileInRoot(k, rule.path(), "patch");
      source = file.toString();
      text = ResourceFiles.text(file);
    } else {
      source = k.file + " (inline patch)";
      text = rule.patch();
    }
    if (text.isBlank()) {
      throw new UserError(source + ": the patch is empty", "write the patch or remove the entry");
    }
    // kustomize tries a JSON patch first (read leniently: a repeated key keeps its last value);
    // a strategic merge patch is read as a resource, which refuses repeated keys.
    List<Object> lenient = YamlReader.documentsLastKeyWins(text, source);
    boolean isJson = lenient.size() == 1 && lenient.get(0) instanceof List<?>;
    if (isJson) {
      if (rule.target() == null) {
        throw new UserError(
            source + ": a JSON 6902 patch needs a target", "add target: {kind: ..., name: ...}");
      }
      List<?> operations = (List<?>) YamlReader.documentsYaml11(text, source).get(0);
      JsonPatch patch = JsonPatch.of(operations, source);
      for (Resource resource : selected(rule, resources, source)) {
        // kustomize's patches (not its legacy patchesJson6902) remember the id before every JSON
        // patch, which may rename the object.
        if (!json6902Only) {
          resource.storePreviousId();
        }
        patch.apply(resource.object(), resource.id().toString());
        resource.scalars().jsonRoundTrip();
      }
      return;
    }
    if (json6902Only) {
      throw new UserError(
          source + ": patchesJson6902 entries must hold a list of JSON patch operations",
          "write operations like - {op: replace, path: /spec/replicas, value: 2}");
    }
    YamlReader.Parsed parsed = YamlReader.parse(text, source);
    List<Object> documents = parsed.documents();
    if (rule.target() != null && documents.size() > 1) {
      throw new UserError(
          source
              + ": a patches entry with a target may hold one strategic merge patch, not "
              + documents.size(),
          "split the documents into one patches entry each");
    }
    boolean oddSpelling = parsed.oddSpelling();
    for (Object document : documents) {
      if (!(document instanceof Map<?, ?>)) {
        throw new UserError(
            source + ": a patch document is neither an object nor a list of JSON patch operations",
            "write a partial object (strategic merge) or a list of operations (JSON 6902)");
      }
      @SuppressWarnings("unchecked")
      Map<String, Object> patch = (Map<String, Object>) document;
      Resource probe = new Resource(patch, source);
      if (probe.kind() == null || probe.name() == null || probe.name().isEmpty()) {
        // kustomize reads every strategic merge patch as an object, target or not.
        throw new UserError(
            source + ": a strategic merge patch must give kind and metadata.name",
            "add them (with a target, the patch's name and kind are not used to match)");
      }
      List<Resource> targets =
          rule.target() != null
              ? selected(rule, resources, source)
              : List.of(byPatchId(patch, resources, source));
      for (Resource target : targets) {
        applyStrategicMerge(target, patch, rule, resources, source);
        if (oddSpelling) {
          target.scalars().markOdd();
        }
      }
    }
  }

  private static List<Resource> selected(PatchRule rule, List<Resource> resources, String source) {
    Selector selector = new Selector(rule.target(), source);
    List<Resource> matches = new ArrayList<>();
    for (Resource resource : resources) {
      if (selector.matches(resource)) {
        matches.add(resource);
      }
    }
    return matches;
  }

  /**
   * The one object whose current or previous id is exactly the patch's own (kustomize's GetById):
   * same apiVersion, kind, name and namespace.
   */
  private static Resource byPatchId(
      Map<String, Object> patch, List<Resource> resources, String source) {
    ResId id = new Resource(patch, source).id();
    List<Resource> matches =
        resources.stream().filter(r -> r.ids().stream().anyMatch(id::sameAs)).toList();
    if (matches.isEmpty()) {
      throw new UserError(
          source
              + ": no object has the patch's id "
              + id.withApiVersion()
              + "; failed to find unique target for patch",
          "give the patch the apiVersion, kind, name and namespace of an object, or add a target");
    }
    if (matches.size() > 1) {
      throw new UserError(
          source
              + ": the patch's id "
              + id.withApiVersion()
              + " matches several objects, by their "
              + "current or earlier names: "
              + matches.stream().map(r -> r.id().toString()).toList()
              + "; failed to find unique target for patch",
          "patch the object by its current name, or add a target");
    }
    return matches.get(0);
  }

  /**
   * kustomize's ApplySmPatch: the merge never changes the object's apiVersion or namespace,
   * whatever the patch declares, nor its kind or name unless the entry's options allow it (the
   * object then remembers its id, so references to the old name follow).
   */
  private static void applyStrategicMerge(
      Resource target,
      Map<String, Object> patch,
      PatchRule rule,
      List<Resource> resources,
      String source) {
    String name = target.name();
    String namespace = target.namespace();
    String kind = target.kind();
    Object apiVersion = target.object().get("apiVersion");
    if (rule.allowNameChange() || rule.allowKindChange()) {
      target.storePreviousId();
    }
    Map<String, Object> result = StrategicMerge.apply(target.object(), patch, source);
    if (result == null || result.isEmpty()) {
      resources.remove(target);
      return;
    }
    target.replaceObject(result);
    if (apiVersion != null) {
      result.put("apiVersion", apiVersion);
    }
    if (!rule.allowKindChange()) {
      result.put("kind", kind);
    }
    if (!rule.allowNameChange()) {
      target.setName(name);
    }
    if (namespace.isEmpty()) {
      Map<String, Object> metadata = Fields.map(result, "metadata");
      if (metadata != null) {
        metadata.remove("namespace");
      }
    } else {
      target.setNamespace(namespace);
    }
  }
}
