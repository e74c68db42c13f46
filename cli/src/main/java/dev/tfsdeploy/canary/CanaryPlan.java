package dev.tfsdeploy.canary;

import dev.tfsdeploy.UserError;
import dev.tfsdeploy.cluster.rollout.Manifests;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The objects a canary adds next to the running stable ones, made from the new render: a {@code
 * <deployment>-canary} Deployment running the new pod template, and in gateway mode a {@code
 * <service>-canary} Service (ClusterIP) and an HTTPRoute named after the stable Service whose two
 * backends carry {@code 100 - P} and {@code P}. In replicas mode the stable Deployment gives up the
 * canary's share of its replicas; in gateway mode it keeps them.
 *
 * @param canary the canary Deployment
 * @param stableReplicas what the stable Deployment runs during the analysis
 * @param service the canary Service (gateway mode)
 * @param route the HTTPRoute (gateway mode)
 */
public record CanaryPlan(
    Deployment canary, int stableReplicas, Optional<Service> service, Optional<HTTPRoute> route) {
  /** The REST port the route sends traffic to (the gRPC port would need a GRPCRoute). */
  public static final int REST_PORT = 8501;

  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  /**
   * The canary of {@code stable} (the rendered Deployment, new pod template) while the live stable
   * Deployment runs {@code liveStableReplicas}.
   */
  public static CanaryPlan of(
      Manifests manifests, Deployment stable, int liveStableReplicas, CanarySpec spec) {
    Deployment canary = SERIALIZATION.clone(stable);
    String stableName = stable.getMetadata().getName();
    canary.setStatus(null);
    canary.setMetadata(canaryMeta(stable.getMetadata(), stableName));
    Map<String, String> extra = new LinkedHashMap<>();
    extra.put(CanaryNames.TRACK, CanaryNames.CANARY);
    Annotations state = new Annotations(canary);
    state.put(CanaryNames.CANARY_OF, stableName);
    state.put(CanaryNames.STABLE_REPLICAS, Integer.toString(liveStableReplicas));
    state.put(CanaryNames.PERCENT, ReplicaSplit.format(spec.percent()));
    state.put(CanaryNames.MODE, spec.mode().optionValue());
    if (spec.mode() == CanaryMode.REPLICAS) {
      ReplicaSplit split = ReplicaSplit.of(liveStableReplicas, spec.percent());
      canary.getSpec().setReplicas(split.canary());
      relabel(canary, extra);
      return new CanaryPlan(canary, split.stable(), Optional.empty(), Optional.empty());
    }
    Service stableService = serviceOf(manifests, stable);
    // The stable Service must not select canary pods, or the split would not be exact: one label
    // the Service selects on gets another value in the canary's pods.
    Map.Entry<String, String> selected =
        new TreeMap<>(stableService.getSpec().getSelector()).firstEntry();
    extra.put(selected.getKey(), CanaryNames.canaryOf(selected.getValue()));
    canary.getSpec().setReplicas(canaryReplicas(liveStableReplicas, spec.percent()));
    relabel(canary, extra);
    Service service = canaryService(stableService, extra, selected.getKey());
    HTTPRoute route = route(stableService, service, spec);
    state.put(CanaryNames.ROUTE, route.getMetadata().getName());
    return new CanaryPlan(canary, liveStableReplicas, Optional.of(service), Optional.of(route));
  }

  /** Everything to apply, in order: what the canary's pods are reached by comes after them. */
  public List<HasMetadata> objects() {
    List<HasMetadata> objects = new ArrayList<>();
    objects.add(canary);
    service.ifPresent(objects::add);
    route.ifPresent(objects::add);
    return objects;
  }

  /** Enough pods for the canary's share of what the stable replicas serve, at least one. */
  static int canaryReplicas(int stableReplicas, double percent) {
    return Math.max(1, (int) Math.ceil(stableReplicas * percent / 100));
  }

  private static ObjectMeta canaryMeta(ObjectMeta stable, String stableName) {
    ObjectMeta meta = new ObjectMeta();
    meta.setName(CanaryNames.canaryOf(stableName));
    meta.setNamespace(stable.getNamespace());
    meta.setLabels(stable.getLabels() == null ? null : new LinkedHashMap<>(stable.getLabels()));
    meta.setAnnotations(
        stable.getAnnotations() == null ? null : new LinkedHashMap<>(stable.getAnnotations()));
    return meta;
  }

  private static void relabel(Deployment canary, Map<String, String> labels) {
    Map<String, String> selector = new LinkedHashMap<>();
    if (canary.getSpec().getSelector().getMatchLabels() != null) {
      selector.putAll(canary.getSpec().getSelector().getMatchLabels());
    }
    // Only keys the selector has are rewritten, plus the track, so selector and template agree.
    labels.forEach(
        (key, value) -> {
          if (key.equals(CanaryNames.TRACK) || selector.containsKey(key)) {
            selector.put(key, value);
          }
        });
    canary.getSpec().getSelector().setMatchLabels(selector);
    Map<String, String> template = new LinkedHashMap<>();
    if (canary.getSpec().getTemplate().getMetadata().getLabels() != null) {
      template.putAll(canary.getSpec().getTemplate().getMetadata().getLabels());
    }
    template.putAll(labels);
    canary.getSpec().getTemplate().getMetadata().setLabels(template);
  }

  private static Service serviceOf(Manifests manifests, Deployment stable) {
    List<Service> services = manifests.servicesFor(stable);
    if (services.isEmpty()) {
      throw new UserError(
          "the manifests hold no Service selecting deployment/" + stable.getMetadata().getName(),
          "a gateway canary routes to the stable Service: add one for port " + REST_PORT);
    }
    return services.get(0);
  }

  private static Service canaryService(
      Service stable, Map<String, String> canaryLabels, String rewrittenKey) {
    Service service = SERIALIZATION.clone(stable);
    service.setStatus(null);
    service.setMetadata(canaryMeta(stable.getMetadata(), stable.getMetadata().getName()));
    Map<String, String> selector = new LinkedHashMap<>(stable.getSpec().getSelector());
    selector.put(rewrittenKey, canaryLabels.get(rewrittenKey));
    selector.put(CanaryNames.TRACK, CanaryNames.CANARY);
    service.getSpec().setSelector(selector);
    // Reached through the Gateway only: no second load balancer for the canary.
    service.getSpec().setType("ClusterIP");
    service.getSpec().setLoadBalancerIP(null);
    service.getSpec().setExternalTrafficPolicy(null);
    service.getSpec().setLoadBalancerSourceRanges(null);
    service.getSpec().setClusterIP(null);
    service.getSpec().setClusterIPs(null);
    service.getSpec().getPorts().forEach(port -> port.setNodePort(null));
    return service;
  }

  private static HTTPRoute route(Service stable, Service canary, CanarySpec spec) {
    GatewayRef gateway = spec.gateway().orElseThrow();
    return new HTTPRouteBuilder()
        .withNewMetadata()
        .withName(stable.getMetadata().getName())
        .withNamespace(stable.getMetadata().getNamespace())
        .withLabels(stable.getMetadata().getLabels())
        .endMetadata()
        .withNewSpec()
        .addNewParentRef()
        .withName(gateway.name())
        .withNamespace(gateway.namespace().orElse(null))
        .endParentRef()
        .addNewRule()
        .addNewBackendRef()
        .withName(stable.getMetadata().getName())
        .withPort(REST_PORT)
        .withWeight(100 - spec.canaryWeight())
        .endBackendRef()
        .addNewBackendRef()
        .withName(canary.getMetadata().getName())
        .withPort(REST_PORT)
        .withWeight(spec.canaryWeight())
        .endBackendRef()
        .endRule()
        .endSpec()
        .build();
  }

  /** Writes annotations into an object's metadata, creating the map when it has none. */
  private record Annotations(HasMetadata object) {
    void put(String key, String value) {
      if (object.getMetadata().getAnnotations() == null) {
        object.getMetadata().setAnnotations(new LinkedHashMap<>());
      }
      object.getMetadata().getAnnotations().put(key, value);
    }
  }
}
