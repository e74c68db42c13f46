package dev.tfsdeploy.cluster.rollout;

import dev.tfsdeploy.Durations;
import dev.tfsdeploy.UserError;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Applies an experiment's rendered objects and sees the rollout through: server-side apply of every
 * object (the Deployment last, so that what its pods mount exists first), a watched rollout, then
 * pruning what the app had and this render no longer has. A failed rollout is diagnosed and rolled
 * back instead, and nothing is pruned: the previous revision may still need what the new one
 * dropped (the batching ConfigMap, say).
 */
public final class Deployer {
  private final KubernetesClient client;
  private final String namespace;
  private final RolloutListener listener;

  public Deployer(KubernetesClient client, String namespace, RolloutListener listener) {
    this.client = client;
    this.namespace = namespace;
    this.listener = listener;
  }

  /** Applies, waits, prunes; throws {@link RolloutFailedException} when the rollout failed. */
  public DeployResult deploy(DeployRequest request) {
    Plan plan = plan(request);
    ServerSideApply apply = new ServerSideApply(client, namespace);
    List<HasMetadata> applied = new ArrayList<>();
    for (HasMetadata object : plan.objects) {
      applied.add(applyOne(apply, object, false));
      listener.progress("applied " + ObjectRef.of(object));
    }
    Deployment deployment =
        applied.stream()
            .filter(o -> ObjectRef.of(o).equals(ObjectRef.of(plan.deployment)))
            .map(Deployment.class::cast)
            .findFirst()
            .orElseThrow();
    listener.progress(
        "waiting for deployment/"
            + plan.deployment.getMetadata().getName()
            + " to roll out (timeout "
            + Durations.format(request.timeout())
            + ")");
    RolloutOutcome outcome =
        new RolloutWatch(client, namespace, listener).await(deployment, request.timeout());
    if (!outcome.complete()) {
      fail(plan, outcome, request);
    }
    listener.progress("deployment/" + plan.deployment.getMetadata().getName() + " rolled out");
    List<ObjectRef> pruned = prune(plan, false);
    return new DeployResult(applied, outcome.deployment(), pruned, false);
  }

  /** A server-side dry run: what the server would make of each object, and what would be pruned. */
  public DeployResult dryRun(DeployRequest request) {
    Plan plan = plan(request);
    ServerSideApply apply = new ServerSideApply(client, namespace);
    List<HasMetadata> wouldApply = new ArrayList<>();
    for (HasMetadata object : plan.objects) {
      wouldApply.add(applyOne(apply, object, true));
    }
    return new DeployResult(wouldApply, plan.deployment, prune(plan, true), true);
  }

  /** The app's live objects that the new render no longer has. */
  public List<HasMetadata> stale(DeployRequest request) {
    Plan plan = plan(request);
    return stale(plan);
  }

  private void fail(Plan plan, RolloutOutcome outcome, DeployRequest request) {
    String name = plan.deployment.getMetadata().getName();
    listener.warning("deployment/" + name + " did not roll out: " + outcome.reason());
    FailureDiagnosis diagnosis =
        new Diagnostician(client, namespace).diagnose(outcome.deployment());
    Rollback.Result rollback;
    if (request.rollBackOnFailure()) {
      listener.progress("rolling deployment/" + name + " back to its previous revision");
      rollback =
          new Rollback(client, namespace, listener)
              .toPreviousRevision(outcome.deployment(), request.timeout());
    } else {
      rollback = Rollback.skipped();
    }
    throw new RolloutFailedException(name, outcome.reason(), diagnosis, rollback);
  }

  private List<ObjectRef> prune(Plan plan, boolean dryRun) {
    List<ObjectRef> pruned = new ArrayList<>();
    AppObjects live = new AppObjects(client, namespace);
    for (HasMetadata object : stale(plan)) {
      if (!dryRun) {
        live.delete(object);
        listener.progress("pruned " + ObjectRef.of(object));
      }
      pruned.add(ObjectRef.of(object));
    }
    return pruned;
  }

  private List<HasMetadata> stale(Plan plan) {
    Set<ObjectRef> keep = new HashSet<>();
    plan.objects.forEach(o -> keep.add(ObjectRef.of(o)));
    return new AppObjects(client, namespace)
        .list(plan.labels).stream().filter(o -> !keep.contains(ObjectRef.of(o))).toList();
  }

  private HasMetadata applyOne(ServerSideApply apply, HasMetadata object, boolean dryRun) {
    try {
      return apply.apply(object, dryRun);
    } catch (KubernetesClientException e) {
      if (ApiErrors.unreachable(e)) {
        throw ApiErrors.error("applying " + ObjectRef.of(object), e, namespace);
      }
      throw new UserError(
          "the API server refused "
              + ObjectRef.of(object)
              + " in namespace "
              + namespace
              + ": "
              + ApiErrors.message(e),
          ApiErrors.fix(e, namespace),
          e);
    }
  }

  private Plan plan(DeployRequest request) {
    Deployment deployment = request.manifests().deployment(request.deploymentName());
    AppLabels labels = new AppLabels(deployment.getMetadata().getName());
    List<HasMetadata> objects = new ArrayList<>();
    for (HasMetadata original : request.manifests().objects()) {
      HasMetadata object = Manifests.SERIALIZATION.clone(original);
      object.getMetadata().setNamespace(namespace);
      labels.stamp(object);
      request.provenance().stamp(object);
      objects.add(object);
    }
    // Deployments last: their pods mount the ConfigMaps and Secrets applied before them.
    objects.sort(Comparator.comparing(o -> o instanceof Deployment ? 1 : 0));
    Deployment stamped =
        objects.stream()
            .filter(o -> ObjectRef.of(o).equals(ObjectRef.of(deployment)))
            .map(Deployment.class::cast)
            .findFirst()
            .orElseThrow();
    return new Plan(objects, stamped, labels);
  }

  private record Plan(List<HasMetadata> objects, Deployment deployment, AppLabels labels) {}
}
