package dev.tfsdeploy.overlay;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What kustomize knows about kinds beyond its field specs: which are cluster-scoped, the legacy
 * output order, and where a workload keeps its pod spec. Every kind renders; one kustomize does not
 * know is namespaced and gets only the transformations that apply to every kind.
 */
final class Kinds {
  /**
   * The cluster-scoped kinds of kustomize's builtin OpenAPI schema, by group -> versions -> kinds
   * (measured with kubectl kustomize v5.5: other versions of these kinds count as namespaced).
   */
  private static final Map<String, Map<String, Set<String>>> CLUSTER_SCOPED =
      Map.of(
          "", Map.of("v1", Set.of("Namespace", "Node", "PersistentVolume", "ComponentStatus")),
          "rbac.authorization.k8s.io", both(Set.of("ClusterRole", "ClusterRoleBinding")),
          "apiextensions.k8s.io", both(Set.of("CustomResourceDefinition")),
          "storage.k8s.io",
              both(Set.of("StorageClass", "CSIDriver", "CSINode", "VolumeAttachment")),
          "scheduling.k8s.io", both(Set.of("PriorityClass")),
          "admissionregistration.k8s.io",
              both(Set.of("ValidatingWebhookConfiguration", "MutatingWebhookConfiguration")),
          "networking.k8s.io", both(Set.of("IngressClass")),
          "node.k8s.io", both(Set.of("RuntimeClass")),
          "certificates.k8s.io", both(Set.of("CertificateSigningRequest")),
          "apiregistration.k8s.io", both(Set.of("APIService")));

  private static final Map<String, Map<String, Set<String>>> CLUSTER_SCOPED_BETA_ONLY =
      Map.of(
          "policy",
          Map.of("v1beta1", Set.of("PodSecurityPolicy")),
          "flowcontrol.apiserver.k8s.io",
          Map.of("v1beta1", Set.of("FlowSchema", "PriorityLevelConfiguration")));

  /** kustomize's "legacy" output order: these kinds first, in this order; others after. */
  static final List<String> ORDER_FIRST =
      List.of(
          "Namespace",
          "ResourceQuota",
          "StorageClass",
          "CustomResourceDefinition",
          "ServiceAccount",
          "PodSecurityPolicy",
          "Role",
          "ClusterRole",
          "RoleBinding",
          "ClusterRoleBinding",
          "ConfigMap",
          "Secret",
          "Endpoints",
          "Service",
          "LimitRange",
          "PriorityClass",
          "PersistentVolume",
          "PersistentVolumeClaim",
          "Deployment",
          "StatefulSet",
          "CronJob",
          "PodDisruptionBudget");

  static final List<String> ORDER_LAST =
      List.of("MutatingWebhookConfiguration", "ValidatingWebhookConfiguration");

  private static final Map<String, List<String>> POD_SPEC =
      Map.of(
          "Pod", List.of("spec"),
          "Deployment", List.of("spec", "template", "spec"),
          "ReplicaSet", List.of("spec", "template", "spec"),
          "DaemonSet", List.of("spec", "template", "spec"),
          "StatefulSet", List.of("spec", "template", "spec"),
          "Job", List.of("spec", "template", "spec"),
          "ReplicationController", List.of("spec", "template", "spec"),
          "CronJob", List.of("spec", "jobTemplate", "spec", "template", "spec"));

  private Kinds() {}

  private static Map<String, Set<String>> both(Set<String> kinds) {
    return Map.of("v1", kinds, "v1beta1", kinds);
  }

  static boolean isClusterScoped(ResId id) {
    for (Map<String, Map<String, Set<String>>> table :
        List.of(CLUSTER_SCOPED, CLUSTER_SCOPED_BETA_ONLY)) {
      Set<String> kinds = table.getOrDefault(id.group(), Map.of()).get(id.version());
      if (kinds != null && kinds.contains(id.kind())) {
        return true;
      }
    }
    return false;
  }

  /** The path of a workload's pod spec (where containers and volumes are); null for other kinds. */
  static List<String> podSpec(String kind) {
    return POD_SPEC.get(kind);
  }
}
