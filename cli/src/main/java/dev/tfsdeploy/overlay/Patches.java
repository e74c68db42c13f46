package dev.tfsdeploy.overlay;

import dev.tfsdeploy.UserError;
import dev.tfsdeploy.overlay.KustomizationFile.PatchRule;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Applies one {@code patches} (or legacy {@code patchesStrategicMerge} / {@code patchesJson6902})
 * entry: a list of operations is a JSON 6902 patch and needs a target; anything else is one or
 * more strategic merge patches, applied to the target's matches or, without a target, to the
 * object the patch itself names.
 */
final class Patches {
  private Patches() {}

  static void apply(KustomizationFile k, PatchRule rule, List<Resource> resources, boolean json6902Only) {
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
    YamlReader.Parsed parsed = YamlReader.parse(text, source);
    List<Object> documents = parsed.documents();
    boolean isJson = documents.size() == 1 && documents.get(0) instanceof List<?>;
    if (isJson) {
      if (rule.target() == null) {
        throw new UserError(source + ": a JSON 6902 patch needs a target", "add target: {kind: ..., name: ...}");
      }
      List<?> operations = (List<?>) YamlReader.documentsYaml11(text, source).get(0);
      JsonPatch patch = JsonPatch.of(operations, source);
      for (Resource resource : selected(rule, resources, source)) {
        patch.apply(resource.object(), resource.id().toString());
        resource.scalars().jsonRoundTrip();
      }
      return;
    }
    if (json6902Only) {
      throw new UserError(source + ": patchesJson6902 entries must hold a list of JSON patch operations",
          "write operations like - {op: replace, path: /spec/replicas, value: 2}");
    }
    boolean oddSpelling = parsed.oddSpelling();
    for (Object document : documents) {
      if (!(document instanceof Map<?, ?>)) {
        throw new UserError(source + ": a patch document is neither an object nor a list of JSON patch operations",
            "write a partial object (strategic merge) or a list of operations (JSON 6902)");
      }
      @SuppressWarnings("unchecked")
      Map<String, Object> patch = (Map<String, Object>) document;
      List<Resource> targets = rule.target() != null ? selected(rule, resources, source)
          : List.of(byPatchId(patch, resources, source));
      for (Resource target : targets) {
        applyStrategicMerge(target, patch, resources, source);
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

  /** The one object whose current or previous id is the patch's own. */
  private static Resource byPatchId(Map<String, Object> patch, List<Resource> resources, String source) {
    Resource probe = new Resource(patch, source);
    if (probe.kind() == null || probe.name() == null) {
      throw new UserError(source + ": a strategic merge patch without a target must give kind and metadata.name",
          "add them, or add a target to the patches entry");
    }
    ResId id = probe.id();
    List<Resource> matches = new ArrayList<>();
    for (Resource resource : resources) {
      List<ResId> ids = new ArrayList<>(resource.previousIdsOrCurrent());
      ids.add(resource.id());
      for (ResId candidate : ids) {
        if (candidate.name().equals(id.name()) && candidate.kind().equals(id.kind())
            && candidate.effectiveNamespace().equals(id.effectiveNamespace())
            && (id.version().isEmpty() || candidate.version().equals(id.version()))
            && (id.version().isEmpty() || candidate.group().equals(id.group()))) {
          matches.add(resource);
          break;
        }
      }
    }
    if (matches.size() != 1) {
      throw new UserError(source + ": " + (matches.isEmpty() ? "no" : "more than one") + " object matches the patch's "
          + id + "; failed to find unique target for patch", "fix the patch's kind/name or add a target");
    }
    return matches.get(0);
  }

  private static void applyStrategicMerge(
      Resource target, Map<String, Object> patch, List<Resource> resources, String source) {
    String name = target.name();
    String namespace = target.namespace();
    String kind = target.kind();
    Map<String, Object> result = StrategicMerge.apply(target.object(), patch, source);
    if (result == null || result.isEmpty()) {
      resources.remove(target);
      return;
    }
    target.replaceObject(result);
    result.put("kind", kind);
    target.setName(name);
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
