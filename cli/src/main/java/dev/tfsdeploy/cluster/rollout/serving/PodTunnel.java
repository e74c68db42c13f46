package dev.tfsdeploy.cluster.rollout.serving;

import dev.tfsdeploy.UserError;
import dev.tfsdeploy.cluster.kubernetes.PodPortForward;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;

/**
 * A port-forward to the serving pod for the rollout's checks ({@link PodPortForward}), with a
 * failure to open it explained for a deploy. Close it to stop forwarding.
 */
public final class PodTunnel implements AutoCloseable {
  private final PodPortForward forward;

  private PodTunnel(PodPortForward forward) {
    this.forward = forward;
  }

  public static PodTunnel open(KubernetesClient client, String namespace, String pod, int port) {
    try {
      return new PodTunnel(PodPortForward.open(client, namespace, pod, port));
    } catch (KubernetesClientException e) {
      throw new UserError(
          "cannot port-forward to pod/" + pod + ": " + e.getMessage(),
          "the identity needs the pods/portforward permission, or pass --no-smoke",
          e);
    }
  }

  /** {@code http://127.0.0.1:<local port>}. */
  public String baseUrl() {
    return "http://" + forward.host() + ":" + forward.localPort();
  }

  public String pod() {
    return forward.pod();
  }

  @Override
  public void close() {
    forward.close();
  }
}
