package dev.tfsdeploy.cluster.rollout.serving;

import dev.tfsdeploy.UserError;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.LocalPortForward;
import java.io.IOException;
import java.net.InetAddress;

/**
 * A port-forward to one pod ({@code kubectl port-forward pod/P :8501}): a loopback port on this
 * machine that reaches the pod's port through the API server. Close it to stop forwarding.
 */
public final class PodTunnel implements AutoCloseable {
  private final LocalPortForward forward;
  private final String pod;

  private PodTunnel(LocalPortForward forward, String pod) {
    this.forward = forward;
    this.pod = pod;
  }

  public static PodTunnel open(KubernetesClient client, String namespace, String pod, int port) {
    try {
      // Loopback only, on a free port: nothing else on this machine should reach the pod through us.
      return new PodTunnel(client.pods().inNamespace(namespace).withName(pod).portForward(port, InetAddress.getLoopbackAddress(), 0), pod);
    } catch (KubernetesClientException e) {
      throw new UserError("cannot port-forward to pod/" + pod + ": " + e.getMessage(),
          "the identity needs the pods/portforward permission, or pass --no-smoke", e);
    }
  }

  /** {@code http://127.0.0.1:<local port>}. */
  public String baseUrl() {
    String host = forward.getLocalAddress().getHostAddress();
    return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + forward.getLocalPort();
  }

  public String pod() {
    return pod;
  }

  @Override
  public void close() {
    try {
      forward.close();
    } catch (IOException e) {
      // Nothing left to release.
    }
  }
}
