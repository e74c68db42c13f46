package dev.tfsdeploy.overlay;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The Kubernetes kinds the renderer knows well enough to transform exactly as kustomize does
 * (which fields hold labels, images, name references, merge keys). Any other kind is refused
 * rather than risk a silent difference.
 */
final class Kinds {
  /** kind -> the apiVersions accepted for it. */
  static final Map<String, Set<String>> SUPPORTED =
      Map.of(
          "Deployment", Set.of("apps/v1"),
          "Service", Set.of("v1"),
          "ConfigMap", Set.of("v1"),
          "Secret", Set.of("v1"),
          "PodDisruptionBudget", Set.of("policy/v1"),
          "Namespace", Set.of("v1"),
          "ServiceAccount", Set.of("v1"),
          "HorizontalPodAutoscaler", Set.of("autoscaling/v2"));

  /** kustomize's "legacy" output order: these kinds first, in this order; others after. */
  private static final List<String> ORDER_FIRST =
      List.of(
          "Namespace", "ResourceQuota", "StorageClass", "CustomResourceDefinition", "ServiceAccount",
          "PodSecurityPolicy", "Role", "ClusterRole", "RoleBinding", "ClusterRoleBinding", "ConfigMap", "Secret",
          "Endpoints", "Service", "LimitRange", "PriorityClass", "PersistentVolume", "PersistentVolumeClaim",
          "Deployment", "StatefulSet", "CronJob", "PodDisruptionBudget");

  private static final List<String> ORDER_LAST =
      List.of("MutatingWebhookConfiguration", "ValidatingWebhookConfiguration");

  private Kinds() {}

  static boolean isClusterScoped(String kind) {
    return "Namespace".equals(kind);
  }

  /** Rank in the legacy order: negative for the first kinds, 0 for the rest, positive last. */
  static int rank(String kind) {
    int first = ORDER_FIRST.indexOf(kind);
    if (first >= 0) {
      return first - ORDER_FIRST.size();
    }
    int last = ORDER_LAST.indexOf(kind);
    return last >= 0 ? last + 1 : 0;
  }

  /** Kinds whose pod template kustomize treats as a workload's (labels, images, references). */
  static boolean hasPodTemplate(String kind) {
    return "Deployment".equals(kind);
  }
}
