package dev.tfsdeploy.overlay;

import java.util.List;
import java.util.Map;

/**
 * Which lists strategic merge patching merges element by element, and by which key, for the
 * supported kinds: the {@code patchMergeKey}s of the Kubernetes API (the first key of each entry),
 * with the secondary {@code listMapKeys} kustomize also considers. Lists not listed here are
 * replaced whole by a patch.
 */
final class MergeKeys {
  /** Lists of scalars that Kubernetes merges as sets; the renderer refuses to patch them. */
  static final List<String> SCALAR_SET = List.of();

  private static final Map<String, List<String>> OBJECT_META = Map.of("ownerReferences", List.of("uid"));
  private static final Map<String, List<String>> POD_SPEC =
      Map.of(
          "volumes", List.of("name"),
          "containers", List.of("name"),
          "initContainers", List.of("name"),
          "ephemeralContainers", List.of("name"),
          "imagePullSecrets", List.of("name"),
          "hostAliases", List.of("ip"),
          "topologySpreadConstraints", List.of("topologyKey", "whenUnsatisfiable"),
          "resourceClaims", List.of("name"),
          "schedulingGates", List.of("name"));
  private static final Map<String, List<String>> CONTAINER =
      Map.of(
          "ports", List.of("containerPort", "protocol"),
          "env", List.of("name"),
          "volumeMounts", List.of("mountPath"),
          "volumeDevices", List.of("devicePath"));

  private MergeKeys() {}

  /**
   * The merge keys of the list at {@code path} (field names from the object's root) in an object
   * of {@code kind}; null if the list is replaced whole; {@link #SCALAR_SET} if it is a set of
   * scalars.
   */
  static List<String> of(String kind, List<String> path) {
    int n = path.size();
    String field = path.get(n - 1);
    if (field.equals("finalizers") && (n == 2 && path.get(0).equals("metadata") || isTemplateMeta(kind, path, n - 1))) {
      return SCALAR_SET;
    }
    if (n == 2 && path.get(0).equals("metadata") || isTemplateMeta(kind, path, n - 1)) {
      return OBJECT_META.get(field);
    }
    if (n == 2 && path.get(0).equals("status") && field.equals("conditions")) {
      return List.of("type");
    }
    if (kind.equals("Service") && n == 2 && path.get(0).equals("spec") && field.equals("ports")) {
      return List.of("port", "protocol");
    }
    if (kind.equals("ServiceAccount") && n == 1 && field.equals("secrets")) {
      return List.of("name");
    }
    if (!Kinds.hasPodTemplate(kind) || n < 4 || !path.subList(0, 3).equals(List.of("spec", "template", "spec"))) {
      return null;
    }
    if (n == 4) {
      return POD_SPEC.get(field);
    }
    String parent = path.get(3);
    boolean inContainer = parent.equals("containers") || parent.equals("initContainers")
        || parent.equals("ephemeralContainers");
    if (inContainer && n == 5) {
      return CONTAINER.get(field);
    }
    if (inContainer && n == 6 && path.get(4).equals("resources") && field.equals("claims")) {
      return List.of("name");
    }
    return null;
  }

  private static boolean isTemplateMeta(String kind, List<String> path, int metaLength) {
    return Kinds.hasPodTemplate(kind) && metaLength == 3
        && path.subList(0, 3).equals(List.of("spec", "template", "metadata"));
  }
}
