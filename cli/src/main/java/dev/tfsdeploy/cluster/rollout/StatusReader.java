package dev.tfsdeploy.cluster.rollout;

import dev.tfsdeploy.UserError;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** Reads an app's {@link AppStatus} from its live Deployment and pods. */
public final class StatusReader {
  private final KubernetesClient client;
  private final String namespace;

  public StatusReader(KubernetesClient client, String namespace) {
    this.client = client;
    this.namespace = namespace;
  }

  public Deployment deployment(String name) {
    Deployment deployment = client.apps().deployments().inNamespace(namespace).withName(name).get();
    if (deployment == null) {
      throw new UserError(
          "deployment/" + name + " does not exist in namespace " + namespace,
          "deploy it first (tfs-deploy deploy), or pass the right --deployment and --namespace");
    }
    return deployment;
  }

  public AppStatus read(Deployment deployment) {
    Map<String, String> annotations =
        Objects.requireNonNullElse(deployment.getMetadata().getAnnotations(), Map.of());
    Map<String, String> provenance = new LinkedHashMap<>();
    annotations.forEach(
        (key, value) -> {
          if (key.startsWith(RolloutProvenance.PREFIX)) {
            provenance.put(key.substring(RolloutProvenance.PREFIX.length()), value);
          }
        });
    String image = Manifests.servingContainer(deployment).getImage();
    var status = deployment.getStatus();
    return new AppStatus(
        namespace,
        deployment.getMetadata().getName(),
        Optional.ofNullable(annotations.get(RolloutProvenance.EXPERIMENT)),
        image,
        runningDigest(deployment).or(() -> digestOf(image)),
        Revisions.revision(deployment),
        Objects.requireNonNullElse(deployment.getSpec().getReplicas(), 1),
        status == null ? 0 : Objects.requireNonNullElse(status.getReadyReplicas(), 0),
        status == null ? 0 : Objects.requireNonNullElse(status.getUpdatedReplicas(), 0),
        status == null ? 0 : Objects.requireNonNullElse(status.getAvailableReplicas(), 0),
        RolloutProgress.of(deployment).description(),
        provenance);
  }

  /** The digest the kubelet resolved for the running serving container (its imageID). */
  private Optional<String> runningDigest(Deployment deployment) {
    String container = Manifests.servingContainer(deployment).getName();
    Revisions revisions = new Revisions(client, namespace);
    return revisions.current(deployment).stream()
        .flatMap(rs -> revisions.pods(rs).stream())
        .filter(pod -> pod.getStatus() != null && pod.getStatus().getContainerStatuses() != null)
        .flatMap(pod -> pod.getStatus().getContainerStatuses().stream())
        .filter(s -> container.equals(s.getName()))
        .map(ContainerStatus::getImageID)
        .map(StatusReader::digestOf)
        .flatMap(Optional::stream)
        .findFirst();
  }

  static Optional<String> digestOf(String imageRef) {
    if (imageRef == null) {
      return Optional.empty();
    }
    int at = imageRef.indexOf("@sha256:");
    return at < 0 ? Optional.empty() : Optional.of(imageRef.substring(at + 1));
  }
}
