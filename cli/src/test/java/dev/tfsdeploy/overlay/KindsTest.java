package dev.tfsdeploy.overlay;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The kind facts kustomize keeps outside its field specs, as measured with kubectl kustomize v5.5.
 */
class KindsTest {
  private static ResId id(String apiVersion, String kind) {
    return ResId.of(apiVersion, kind, "n", "");
  }

  @Test
  void clusterScopeIsDecidedByGroupVersionAndKind() {
    assertThat(Kinds.isClusterScoped(id("rbac.authorization.k8s.io/v1", "ClusterRole"))).isTrue();
    assertThat(Kinds.isClusterScoped(id("apiregistration.k8s.io/v1", "APIService"))).isTrue();
    assertThat(Kinds.isClusterScoped(id("policy/v1beta1", "PodSecurityPolicy"))).isTrue();
    assertThat(Kinds.isClusterScoped(id("example.com/v1", "ClusterRole"))).isFalse();
    assertThat(Kinds.isClusterScoped(id("rbac.authorization.k8s.io/v1alpha1", "ClusterRole")))
        .isFalse();
    assertThat(Kinds.isClusterScoped(id("example.com/v1", "Namespace"))).isFalse();
  }

  @Test
  void theLegacyOrderPutsKustomizesListFirstWebhooksLastAndEveryOtherKindBetween() {
    List<String> kinds =
        List.of(
            "ValidatingWebhookConfiguration",
            "HTTPRoute",
            "PodDisruptionBudget",
            "Namespace",
            "MutatingWebhookConfiguration",
            "ServiceAccount",
            "CronJob");
    List<String> sorted =
        kinds.stream().sorted(java.util.Comparator.comparingInt(SortOrder.LEGACY::rank)).toList();
    assertThat(sorted)
        .containsExactly(
            "Namespace",
            "ServiceAccount",
            "CronJob",
            "PodDisruptionBudget",
            "HTTPRoute",
            "MutatingWebhookConfiguration",
            "ValidatingWebhookConfiguration");
  }

  @Test
  void aFieldSpecPathMayEscapeASlashInsideAKey() {
    java.util.Map<String, Object> object =
        new java.util.LinkedHashMap<>(
            java.util.Map.of(
                "metadata",
                new java.util.LinkedHashMap<>(
                    java.util.Map.of(
                        "annotations",
                        new java.util.LinkedHashMap<>(
                            java.util.Map.of("example.com/secret", "s"))))));
    FieldSpec spec = FieldSpec.of("Ingress", "metadata/annotations/example.com\\/secret", false);
    assertThat(spec.values(object)).containsExactly("s");
  }
}
