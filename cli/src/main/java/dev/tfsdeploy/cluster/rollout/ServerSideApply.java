package dev.tfsdeploy.cluster.rollout;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;

/**
 * Server-side apply as {@code kubectl apply --server-side --force-conflicts
 * --field-manager=tfs-deploy}: the API server merges the object into what is live and records
 * tfs-deploy as the owner of the fields it set. Forcing conflicts takes over fields someone changed
 * by hand (a {@code kubectl scale}, an edited image): the rendered experiment is the truth.
 */
public final class ServerSideApply {
  public static final String FIELD_MANAGER = "tfs-deploy";

  private final KubernetesClient client;
  private final String namespace;

  public ServerSideApply(KubernetesClient client, String namespace) {
    this.client = client;
    this.namespace = namespace;
  }

  /**
   * Applies the object and returns it as the server now has it (or would have it, on a dry run).
   */
  public HasMetadata apply(HasMetadata object, boolean dryRun) {
    var resource = client.resource(object).inNamespace(namespace);
    var operation = dryRun ? resource.dryRun() : resource;
    return operation.fieldManager(FIELD_MANAGER).forceConflicts().serverSideApply();
  }
}
