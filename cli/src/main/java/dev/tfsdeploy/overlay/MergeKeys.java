package dev.tfsdeploy.overlay;

import java.util.List;
import java.util.Map;

/**
 * Which lists strategic merge patching merges element by element, and by which key, for workloads,
 * Services and ServiceAccounts: the {@code patchMergeKey}s of the Kubernetes API (the first key of
 * each entry), with the secondary {@code listMapKeys} kustomize also considers. Lists not listed
 * here are replaced whole by a patch, as kustomize does for every list of a kind its schema does
 * not know (JSON merge patch semantics).
 */
final class MergeKeys {
  /** Lists of scalars that Kubernetes merges as sets; the renderer refuses to patch them. */
  static final List<String> SCALAR_SET = List.of();

  private static final Map<String, List<String>> OBJECT_META =
      Map.of("ownerReferences", List.of("uid"));
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
   * The merge keys of the list at {@code path} (field names from the object's root) in an object of
   * {@code kind}; null if the list is replaced whole; {@link #SCALAR_SET} if it is a set of
   * scalars.
   */
  static List<String> of(String kind, List<String> path) {
    int n = path.size();
    String field = path.get(n - 1);
    if (field.equals("finalizers")
        && (n == 2 && path.get(0).equals("metadata") || isTemplateMeta(kind, path, n - 1))) {
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
    List<String> podSpec = Kinds.podSpec(kind);
    int base = podSpec == null ? 0 : podSpec.size();
    if (podSpec == null || n <= base || !path.subList(0, base).equals(podSpec)) {
      return null;
    }
    if (n == base + 1) {
      return POD_SPEC.get(field);
    }
    String parent = path.get(base);
    boolean inContainer =
        parent.equals("containers")
            || parent.equals("initContainers")
            || parent.equals("ephemeralContainers");
    if (inContainer && n == base + 2) {
      return CONTAINER.get(field);
    }
    if (inContainer
        && n == base + 3
        && path.get(base + 1).equals("resources")
        && field.equals("claims")) {
      return List.of("name");
    }
    return null;
  }

  /** Whether path[0..metaLength) is the metadata of a workload's pod template. */
  private static boolean isTemplateMeta(String kind, List<String> path, int metaLength) {
    List<String> podSpec = Kinds.podSpec(kind);
    if (podSpec == null || podSpec.size() < 3 || metaLength != podSpec.size()) {
      return false;
    }
    List<String> meta = new java.util.ArrayList<>(podSpec.subList(0, podSpec.size() - 1));
    meta.add("metadata");
    return path.subList(0, metaLength).equals(meta);
  }
}
