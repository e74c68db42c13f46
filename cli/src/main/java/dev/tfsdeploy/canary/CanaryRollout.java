package dev.tfsdeploy.canary;

import dev.tfsdeploy.Durations;
import dev.tfsdeploy.UserError;
import dev.tfsdeploy.cluster.rollout.AppLabels;
import dev.tfsdeploy.cluster.rollout.Diagnostician;
import dev.tfsdeploy.cluster.rollout.Manifests;
import dev.tfsdeploy.cluster.rollout.Rollback;
import dev.tfsdeploy.cluster.rollout.RolloutListener;
import dev.tfsdeploy.cluster.rollout.RolloutOutcome;
import dev.tfsdeploy.cluster.rollout.RolloutProvenance;
import dev.tfsdeploy.cluster.rollout.RolloutWatch;
import dev.tfsdeploy.cluster.rollout.ServerSideApply;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentList;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPBackendRef;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.RollableScalableResource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A canary's life in the cluster: start (apply its objects, give it its share, wait for its pods
 * and, in gateway mode, for the Gateway to accept the route), analyse (the model server's numbers
 * of both tracks over one window), then promote (stable takes the canary's pod template, rolling,
 * then the canary goes) or abort (the canary goes; stable never changed). Each step reads the state
 * from the cluster, so promote and abort also finish a canary whose CLI died half-way.
 */
public final class CanaryRollout {
  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
  private static final Duration ROUTE_POLL = Duration.ofMillis(500);

  private final KubernetesClient client;
  private final String namespace;
  private final RolloutListener listener;

  public CanaryRollout(KubernetesClient client, String namespace, RolloutListener listener) {
    this.client = client;
    this.namespace = namespace;
    this.listener = listener;
  }

  /** How {@link #analyse} waits out its window; tests pass one that drives simulated traffic. */
  public interface Window {
    void await(Duration window) throws InterruptedException;
  }

  /**
   * Applies the canary of {@code rendered} (the new render's Deployment) next to the live stable
   * one and waits until it serves; a canary that does not roll out is removed again and explained.
   */
  public CanaryPlan start(
      Manifests manifests,
      Deployment rendered,
      CanarySpec spec,
      RolloutProvenance provenance,
      Duration timeout) {
    String stableName = rendered.getMetadata().getName();
    Deployment live = deployment(stableName);
    if (live == null) {
      throw new UserError(
          "no deployment/" + stableName + " runs in namespace " + namespace + " to canary against",
          "deploy it first with --strategy rolling: a canary is judged against a stable version");
    }
    if (deployment(CanaryNames.canaryOf(stableName)) != null) {
      throw new UserError(
          "a canary of deployment/" + stableName + " is already in progress",
          "finish it first: tfs-deploy canary promote, or tfs-deploy canary abort");
    }
    int liveReplicas = live.getSpec().getReplicas() == null ? 1 : live.getSpec().getReplicas();
    CanaryPlan plan = CanaryPlan.of(manifests, rendered, liveReplicas, spec);
    ServerSideApply apply = new ServerSideApply(client, namespace);
    AppLabels labels = new AppLabels(stableName);
    Deployment canary = null;
    for (HasMetadata object : plan.objects()) {
      object.getMetadata().setNamespace(namespace);
      // Prune and teardown find the canary's Deployment and Service as the app's; the route is
      // not a kind they manage (a cluster without Gateway API could not list it).
      if (!(object instanceof HTTPRoute)) {
        labels.stamp(object);
      }
      provenance.stamp(object);
      HasMetadata applied = apply.apply(object, false);
      listener.progress("applied " + object.getKind() + "/" + object.getMetadata().getName());
      if (applied instanceof Deployment deployment) {
        canary = deployment;
      }
    }
    if (spec.mode() == CanaryMode.REPLICAS) {
      scale(stableName, plan.stableReplicas());
    }
    awaitCanary(stableName, canary, timeout);
    plan.route().ifPresent(route -> awaitAccepted(stableName, route, timeout));
    return plan;
  }

  /**
   * Both tracks' numbers over the same {@code window} (as {@code signals} measure them), judged;
   * the verdict is written on the canary so that {@code canary status} shows it.
   */
  public CanaryVerdict analyse(
      String stableName,
      TrackSignals signals,
      Duration window,
      CanaryThresholds thresholds,
      Window waiter) {
    Deployment canary = requireCanary(stableName);
    Deployment stable = deployment(stableName);
    TrackSignals.Watch watch = signals.watch(stable, canary, window);
    listener.progress("watching both tracks for " + Durations.format(window));
    try {
      waiter.await(window);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UserError(
          "the canary analysis was interrupted",
          "the canary is still running: tfs-deploy canary status, then promote or abort");
    }
    TrackSignals.Tracks tracks = watch.stop();
    CanaryVerdict verdict = CanaryVerdict.judge(tracks.stable(), tracks.canary(), thresholds);
    String line =
        verdict.decision().name().toLowerCase(Locale.ROOT)
            + (verdict.reasons().isEmpty() ? "" : ": " + String.join("; ", verdict.reasons()));
    mergePatch(
        CanaryNames.canaryOf(stableName),
        Map.of("metadata", Map.of("annotations", Map.of(CanaryNames.VERDICT, line))));
    return verdict;
  }

  /**
   * Stable takes the canary's pod template and its replicas back, rolling as any deploy; then the
   * canary goes and the route (gateway mode) sends everything to stable.
   */
  public Deployment promote(String stableName, Duration timeout) {
    Deployment canary = requireCanary(stableName);
    Deployment stable = deployment(stableName);
    PodTemplateSpec template = SERIALIZATION.clone(canary.getSpec().getTemplate());
    template.getMetadata().setLabels(stable.getSpec().getTemplate().getMetadata().getLabels());
    int replicas = stableReplicasBefore(canary);
    Map<String, Object> spec = new LinkedHashMap<>();
    spec.put("replicas", replicas);
    spec.put("template", template);
    Deployment promoted = mergePatch(stableName, Map.of("spec", spec));
    listener.progress("deployment/" + stableName + " takes the canary's pod template");
    RolloutOutcome outcome = new RolloutWatch(client, namespace, listener).await(promoted, timeout);
    if (!outcome.complete()) {
      new Rollback(client, namespace, listener).toPreviousRevision(outcome.deployment(), timeout);
      throw new UserError(
          "deployment/"
              + stableName
              + " did not roll out the canary's version: "
              + outcome.reason(),
          "stable was rolled back; the canary still runs: tfs-deploy canary abort removes it");
    }
    removeCanary(canary);
    return outcome.deployment();
  }

  /** The canary goes, stable gets its replicas back; stable's version never changed. */
  public void abort(String stableName) {
    Deployment canary = requireCanary(stableName);
    scale(stableName, stableReplicasBefore(canary));
    removeCanary(canary);
  }

  /** The stable Deployments that have a canary in progress, by name. */
  public List<String> inProgress() {
    return deployments().list().getItems().stream()
        .map(d -> d.getMetadata().getAnnotations())
        .filter(a -> a != null && a.containsKey(CanaryNames.CANARY_OF))
        .map(a -> a.get(CanaryNames.CANARY_OF))
        .sorted()
        .toList();
  }

  /** The canary in progress for {@code stableName}, if any. */
  public Optional<CanaryStatus> status(String stableName) {
    Deployment canary = deployment(CanaryNames.canaryOf(stableName));
    if (canary == null) {
      return Optional.empty();
    }
    Deployment stable = deployment(stableName);
    Map<String, String> state = canary.getMetadata().getAnnotations();
    Integer ready = canary.getStatus() == null ? null : canary.getStatus().getReadyReplicas();
    return Optional.of(
        new CanaryStatus(
            stableName,
            CanaryMode.parse(state.get(CanaryNames.MODE)),
            state.get(CanaryNames.PERCENT),
            Manifests.servingContainer(canary).getImage(),
            stable == null ? "(none)" : Manifests.servingContainer(stable).getImage(),
            ready == null ? 0 : ready,
            stableReplicasBefore(canary),
            Optional.ofNullable(state.get(CanaryNames.VERDICT))));
  }

  private void awaitCanary(String stableName, Deployment canary, Duration timeout) {
    RolloutOutcome outcome = new RolloutWatch(client, namespace, listener).await(canary, timeout);
    if (outcome.complete()) {
      listener.progress("deployment/" + canary.getMetadata().getName() + " is ready");
      return;
    }
    String reasons = new Diagnostician(client, namespace).diagnose(outcome.deployment()).reasons();
    abort(stableName);
    throw new UserError(
        "the canary deployment/"
            + canary.getMetadata().getName()
            + " did not roll out: "
            + outcome.reason()
            + (reasons.isBlank() ? "" : " (" + reasons + ")"),
        "it was removed and stable never changed; fix the image and deploy again");
  }

  private void awaitAccepted(String stableName, HTTPRoute route, Duration timeout) {
    String name = route.getMetadata().getName();
    Instant deadline = Instant.now().plus(timeout);
    listener.progress("waiting for the Gateway to accept HTTPRoute/" + name);
    while (Instant.now().isBefore(deadline)) {
      HTTPRoute live =
          client.resources(HTTPRoute.class).inNamespace(namespace).withName(name).get();
      if (live != null && RouteConditions.accepted(live)) {
        listener.progress("HTTPRoute/" + name + " accepted");
        return;
      }
      try {
        Thread.sleep(ROUTE_POLL.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    abort(stableName);
    throw new UserError(
        "the Gateway did not accept HTTPRoute/" + name + " within " + Durations.format(timeout),
        "check that the Gateway exists, allows routes from namespace "
            + namespace
            + " and that its class supports weighted backends (kubectl describe httproute "
            + name
            + "); the canary was removed");
  }

  private void removeCanary(Deployment canary) {
    Map<String, String> state = canary.getMetadata().getAnnotations();
    String route = state.get(CanaryNames.ROUTE);
    if (route != null) {
      client
          .resources(HTTPRoute.class)
          .inNamespace(namespace)
          .withName(route)
          .edit(
              r -> {
                List<HTTPBackendRef> backends = r.getSpec().getRules().get(0).getBackendRefs();
                backends.removeIf(b -> !b.getName().equals(route));
                backends.forEach(b -> b.setWeight(100));
                return r;
              });
      client.services().inNamespace(namespace).withName(CanaryNames.canaryOf(route)).delete();
      listener.progress("HTTPRoute/" + route + " sends all traffic to stable");
    }
    deployments().withName(canary.getMetadata().getName()).delete();
    listener.progress("removed deployment/" + canary.getMetadata().getName());
  }

  private void scale(String name, int replicas) {
    mergePatch(name, Map.of("spec", Map.of("replicas", replicas)));
    listener.progress("deployment/" + name + " runs " + replicas + " replica(s)");
  }

  private Deployment requireCanary(String stableName) {
    Deployment canary = deployment(CanaryNames.canaryOf(stableName));
    if (canary == null) {
      throw new UserError(
          "no canary of deployment/" + stableName + " is in progress in namespace " + namespace,
          "start one with tfs-deploy deploy --strategy canary");
    }
    return canary;
  }

  private static int stableReplicasBefore(Deployment canary) {
    String value = canary.getMetadata().getAnnotations().get(CanaryNames.STABLE_REPLICAS);
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new UserError(
          "deployment/"
              + canary.getMetadata().getName()
              + " has no valid "
              + CanaryNames.STABLE_REPLICAS
              + " annotation ("
              + value
              + ")",
          "scale the stable Deployment by hand and delete the canary with kubectl",
          e);
    }
  }

  /**
   * A JSON merge patch without a resourceVersion, as {@code kubectl patch --type merge}: the
   * controller writes the status all the while, and an update would lose that race.
   */
  private Deployment mergePatch(String name, Map<String, Object> patch) {
    return deployments()
        .withName(name)
        .patch(PatchContext.of(PatchType.JSON_MERGE), SERIALIZATION.asJson(patch));
  }

  private Deployment deployment(String name) {
    return deployments().withName(name).get();
  }

  private NonNamespaceOperation<Deployment, DeploymentList, RollableScalableResource<Deployment>>
      deployments() {
    return client.apps().deployments().inNamespace(namespace);
  }
}
