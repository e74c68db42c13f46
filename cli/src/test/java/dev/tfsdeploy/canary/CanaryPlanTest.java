package dev.tfsdeploy.canary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.tfsdeploy.UserError;
import dev.tfsdeploy.cluster.rollout.Manifests;
import dev.tfsdeploy.cluster.rollout.testing.RenderedExperiments;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPBackendRef;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** On an experiment as kubectl kustomize renders it (four replicas), with the new image. */
class CanaryPlanTest {
  private static final Manifests RENDERED =
      Manifests.parse(RenderedExperiments.nonBatching(RenderedExperiments.IMAGE_V2), "test");
  private static final Deployment STABLE = RENDERED.deployment(Optional.empty());
  private static final Service STABLE_SERVICE = RENDERED.servicesFor(STABLE).get(0);
  private static final CanarySpec REPLICAS_25 =
      new CanarySpec(CanaryMode.REPLICAS, 25, Optional.empty());
  private static final CanarySpec GATEWAY_10 =
      new CanarySpec(CanaryMode.GATEWAY, 10, Optional.of(GatewayRef.parse("infra/external")));

  @Test
  void replicasModeSplitsTheStableReplicasThreeAndOne() {
    CanaryPlan plan = CanaryPlan.of(RENDERED, STABLE, 4, REPLICAS_25);

    assertThat(plan.stableReplicas()).isEqualTo(3);
    assertThat(plan.canary().getSpec().getReplicas()).isEqualTo(1);
    assertThat(plan.objects()).containsExactly(plan.canary());
  }

  @Test
  void theCanaryIsNamedAfterTheStableDeploymentAndRunsTheNewImage() {
    Deployment canary = CanaryPlan.of(RENDERED, STABLE, 4, REPLICAS_25).canary();

    assertThat(canary.getMetadata().getName())
        .isEqualTo(STABLE.getMetadata().getName() + "-canary");
    assertThat(Manifests.servingContainer(canary).getImage())
        .isEqualTo(RenderedExperiments.IMAGE_V2);
  }

  @Test
  void replicaCanaryPodsStayBehindTheStableServicesSelector() {
    Deployment canary = CanaryPlan.of(RENDERED, STABLE, 4, REPLICAS_25).canary();

    Map<String, String> podLabels = canary.getSpec().getTemplate().getMetadata().getLabels();
    assertThat(podLabels).containsAllEntriesOf(STABLE_SERVICE.getSpec().getSelector());
    assertThat(podLabels).containsEntry(CanaryNames.TRACK, CanaryNames.CANARY);
  }

  @Test
  void theCanarySelectorSelectsItsOwnPodsButNotStablePods() {
    Deployment canary = CanaryPlan.of(RENDERED, STABLE, 4, REPLICAS_25).canary();

    Map<String, String> selector = canary.getSpec().getSelector().getMatchLabels();
    assertThat(selects(selector, canary.getSpec().getTemplate().getMetadata().getLabels()))
        .isTrue();
    assertThat(selects(selector, STABLE.getSpec().getTemplate().getMetadata().getLabels()))
        .isFalse();
  }

  @Test
  void theCanaryRemembersItsStateInAnnotations() {
    Map<String, String> annotations =
        CanaryPlan.of(RENDERED, STABLE, 4, REPLICAS_25).canary().getMetadata().getAnnotations();

    assertThat(annotations)
        .containsEntry(CanaryNames.CANARY_OF, STABLE.getMetadata().getName())
        .containsEntry(CanaryNames.STABLE_REPLICAS, "4")
        .containsEntry(CanaryNames.PERCENT, "25")
        .containsEntry(CanaryNames.MODE, "replicas");
  }

  @Test
  void replicasModeRefusesAPercentTheLiveReplicasCannotExpress() {
    assertThatThrownBy(
            () ->
                CanaryPlan.of(
                    RENDERED, STABLE, 4, new CanarySpec(CanaryMode.REPLICAS, 10, Optional.empty())))
        .isInstanceOf(UserError.class)
        .hasMessage("4 replicas cannot carry 10% of traffic");
  }

  @Test
  void gatewayModeKeepsTheStableReplicasAndGivesTheCanaryItsShare() {
    CanaryPlan plan = CanaryPlan.of(RENDERED, STABLE, 4, GATEWAY_10);

    assertThat(plan.stableReplicas()).isEqualTo(4);
    assertThat(plan.canary().getSpec().getReplicas()).isEqualTo(1);
  }

  @Test
  void theStableServiceDoesNotSelectGatewayCanaryPods() {
    CanaryPlan plan = CanaryPlan.of(RENDERED, STABLE, 4, GATEWAY_10);

    Map<String, String> podLabels = plan.canary().getSpec().getTemplate().getMetadata().getLabels();
    assertThat(selects(STABLE_SERVICE.getSpec().getSelector(), podLabels)).isFalse();
    assertThat(selects(plan.service().orElseThrow().getSpec().getSelector(), podLabels)).isTrue();
    assertThat(
            selects(
                plan.service().orElseThrow().getSpec().getSelector(),
                STABLE.getSpec().getTemplate().getMetadata().getLabels()))
        .isFalse();
  }

  @Test
  void theCanaryServiceIsClusterInternal() {
    Service service = CanaryPlan.of(RENDERED, STABLE, 4, GATEWAY_10).service().orElseThrow();

    assertThat(service.getMetadata().getName())
        .isEqualTo(STABLE_SERVICE.getMetadata().getName() + "-canary");
    assertThat(service.getSpec().getType()).isEqualTo("ClusterIP");
  }

  @Test
  void theRouteWeighsStableAndCanaryNinetyToTen() {
    HTTPRoute route = CanaryPlan.of(RENDERED, STABLE, 4, GATEWAY_10).route().orElseThrow();

    assertThat(route.getSpec().getRules()).hasSize(1);
    assertThat(route.getSpec().getRules().get(0).getBackendRefs())
        .extracting(HTTPBackendRef::getName, HTTPBackendRef::getPort, HTTPBackendRef::getWeight)
        .containsExactly(
            tuple(STABLE_SERVICE.getMetadata().getName(), 8501, 90),
            tuple(STABLE_SERVICE.getMetadata().getName() + "-canary", 8501, 10));
    assertThat(route.getSpec().getParentRefs().get(0).getName()).isEqualTo("external");
    assertThat(route.getSpec().getParentRefs().get(0).getNamespace()).isEqualTo("infra");
  }

  @Test
  void theRouteIsAGatewayApiV1HttpRoute() {
    HTTPRoute route = CanaryPlan.of(RENDERED, STABLE, 4, GATEWAY_10).route().orElseThrow();

    String yaml = new KubernetesSerialization().asYaml(route);
    assertThat(yaml)
        .contains("apiVersion: \"gateway.networking.k8s.io/v1\"")
        .contains("kind: \"HTTPRoute\"");
  }

  @Test
  void gatewayModeNeedsAGatewayAndWholePercents() {
    assertThatThrownBy(() -> new CanarySpec(CanaryMode.GATEWAY, 10, Optional.empty()))
        .hasMessageContaining("needs the Gateway");
    assertThatThrownBy(
            () -> new CanarySpec(CanaryMode.GATEWAY, 12.5, Optional.of(GatewayRef.parse("gw"))))
        .hasMessageContaining("is not a route weight");
  }

  @Test
  void aGatewayIsNameOrNamespaceSlashName() {
    assertThat(GatewayRef.parse("gw")).isEqualTo(new GatewayRef("gw", Optional.empty()));
    assertThat(GatewayRef.parse("infra/gw")).isEqualTo(new GatewayRef("gw", Optional.of("infra")));
    assertThatThrownBy(() -> GatewayRef.parse("a/b/c"))
        .hasMessageContaining("does not name a Gateway");
  }

  private static boolean selects(Map<String, String> selector, Map<String, String> labels) {
    return labels.entrySet().containsAll(selector.entrySet());
  }
}
