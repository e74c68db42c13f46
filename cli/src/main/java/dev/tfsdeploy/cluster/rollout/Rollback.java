package dev.tfsdeploy.cluster.rollout;

import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Returns a Deployment to its previous revision the way {@code kubectl rollout undo} does: the
 * previous ReplicaSet's pod template (without the {@code pod-template-hash} label the controller
 * added) replaces the Deployment's, and the controller rolls back to it. Then waits for that
 * rollout like any other.
 */
public final class Rollback {
  static final String POD_TEMPLATE_HASH = "pod-template-hash";

  private final KubernetesClient client;
  private final String namespace;
  private final Revisions revisions;
  private final RolloutWatch watch;

  public Rollback(KubernetesClient client, String namespace, RolloutListener listener) {
    this.client = client;
    this.namespace = namespace;
    this.revisions = new Revisions(client, namespace);
    this.watch = new RolloutWatch(client, namespace, listener);
  }

  /** What happened to the rollback; {@link #describe()} finishes the failure message. */
  public record Result(Kind kind, long revision, String image, String reason) {
    public enum Kind {
      ROLLED_BACK,
      NOTHING_TO_ROLL_BACK_TO,
      FAILED,
      SKIPPED
    }

    public String describe() {
      return switch (kind) {
        case ROLLED_BACK -> "rolled back to revision " + revision + " (" + image + ")";
        case NOTHING_TO_ROLL_BACK_TO ->
            "nothing to roll back to (this was the Deployment's first revision)";
        case FAILED -> "the rollback to revision " + revision + " failed too: " + reason;
        case SKIPPED -> "not rolled back (--no-rollback)";
      };
    }
  }

  public static Result skipped() {
    return new Result(Result.Kind.SKIPPED, 0, null, null);
  }

  public Result toPreviousRevision(Deployment failed, Duration timeout) {
    Deployment live =
        client
            .apps()
            .deployments()
            .inNamespace(namespace)
            .withName(failed.getMetadata().getName())
            .get();
    if (live == null) {
      return new Result(Result.Kind.FAILED, 0, null, "the Deployment no longer exists");
    }
    Optional<ReplicaSet> previous = revisions.previous(live);
    if (previous.isEmpty()) {
      return new Result(Result.Kind.NOTHING_TO_ROLL_BACK_TO, 0, null, null);
    }
    long revision = Revisions.revision(previous.get());
    PodTemplateSpec template = withoutHashLabel(previous.get().getSpec().getTemplate());
    String image = Manifests.servingContainer(deploymentWith(live, template)).getImage();
    Deployment rolledBack;
    try {
      rolledBack =
          client
              .apps()
              .deployments()
              .inNamespace(namespace)
              .withName(live.getMetadata().getName())
              .patch(jsonPatch(), replaceTemplate(template));
    } catch (KubernetesClientException e) {
      return new Result(
          Result.Kind.FAILED,
          revision,
          image,
          "the API server refused the rollback: " + e.getMessage());
    }
    RolloutOutcome outcome = watch.await(rolledBack, timeout);
    return outcome.complete()
        ? new Result(Result.Kind.ROLLED_BACK, revision, image, null)
        : new Result(Result.Kind.FAILED, revision, image, outcome.reason());
  }

  private static PatchContext jsonPatch() {
    PatchContext context = PatchContext.of(PatchType.JSON);
    context.setFieldManager(ServerSideApply.FIELD_MANAGER);
    return context;
  }

  private static String replaceTemplate(PodTemplateSpec template) {
    Map<String, Object> op = new LinkedHashMap<>();
    op.put("op", "replace");
    op.put("path", "/spec/template");
    op.put("value", template);
    return Manifests.SERIALIZATION.asJson(List.of(op));
  }

  private static PodTemplateSpec withoutHashLabel(PodTemplateSpec template) {
    PodTemplateSpec copy = Manifests.SERIALIZATION.clone(template);
    if (copy.getMetadata() != null && copy.getMetadata().getLabels() != null) {
      Map<String, String> labels = new LinkedHashMap<>(copy.getMetadata().getLabels());
      labels.remove(POD_TEMPLATE_HASH);
      copy.getMetadata().setLabels(labels);
    }
    return copy;
  }

  private static Deployment deploymentWith(Deployment live, PodTemplateSpec template) {
    Deployment copy = Manifests.SERIALIZATION.clone(live);
    copy.getSpec().setTemplate(template);
    return copy;
  }
}
