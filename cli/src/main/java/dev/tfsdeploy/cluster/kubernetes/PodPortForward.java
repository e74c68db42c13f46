package dev.tfsdeploy.cluster.kubernetes;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.LocalPortForward;
import java.io.IOException;
import java.net.InetAddress;
import java.util.Optional;

/**
 * A port-forward to one pod ({@code kubectl port-forward pod/P :PORT}): a free loopback port on
 * this machine that reaches the pod's port through the API server. The one way tfs-deploy forwards
 * ports; close it to stop forwarding.
 */
public final class PodPortForward implements AutoCloseable {
  private final LocalPortForward forward;
  private final String pod;

  private PodPortForward(LocalPortForward forward, String pod) {
    this.forward = forward;
    this.pod = pod;
  }

  /**
   * Forwards a free loopback port to {@code port} of {@code pod}; callers say what a failure means
   * to them.
   */
  public static PodPortForward open(KubernetesClient client, String namespace, String pod, int port)
      throws KubernetesClientException {
    // Loopback only, on a free port: nothing else on this machine should reach the pod through us.
    LocalPortForward forward =
        client
            .pods()
            .inNamespace(namespace)
            .withName(pod)
            .portForward(port, InetAddress.getLoopbackAddress(), 0);
    return new PodPortForward(forward, pod);
  }

  /** The local address as a URL's host: {@code 127.0.0.1}, or an IPv6 literal in brackets. */
  public String host() {
    String host = forward.getLocalAddress().getHostAddress();
    return host.contains(":") ? "[" + host + "]" : host;
  }

  /** The local port that reaches the pod. */
  public int localPort() {
    return forward.getLocalPort();
  }

  /** The pod the forward reaches. */
  public String pod() {
    return pod;
  }

  /** The first error met while carrying connections, if any. */
  public Optional<String> trouble() {
    if (!forward.errorOccurred()) {
      return Optional.empty();
    }
    return forward.getClientThrowables().stream()
        .findFirst()
        .or(() -> forward.getServerThrowables().stream().findFirst())
        .map(Throwable::getMessage);
  }

  @Override
  public void close() {
    try {
      forward.close();
    } catch (IOException e) {
      // Nothing left to release, and nothing depends on the forward closing cleanly.
    }
  }
}
