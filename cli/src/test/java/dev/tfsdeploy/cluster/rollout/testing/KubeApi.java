package dev.tfsdeploy.cluster.rollout.testing;

import dev.tfsdeploy.cluster.testing.MockApiServerAddress;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.TimeoutException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A Kubernetes API server for tests: Fabric8's mock server in CRUD mode behind an {@link
 * ApiServerDispatcher}, with a client for the code under test and a kubeconfig file that points at
 * it (for the commands, which build their client from a kubeconfig the way users do).
 */
public final class KubeApi implements AutoCloseable {
  public static final String NAMESPACE = "serving";

  private final KubernetesMockServer server;
  private final ApiServerDispatcher dispatcher;
  private final KubernetesClient client;

  private KubeApi(KubernetesMockServer server, ApiServerDispatcher dispatcher) {
    this.server = server;
    this.dispatcher = dispatcher;
    this.client = server.createClient();
  }

  /**
   * Held so the levels stick: the mock server logs every request, Vert.x every late callback at
   * shutdown.
   */
  private static final List<Logger> QUIET =
      List.of(
          Logger.getLogger("io.fabric8.mockwebserver"),
          Logger.getLogger("io.vertx"),
          Logger.getLogger("io.netty"));

  static {
    QUIET.forEach(logger -> logger.setLevel(Level.OFF));
  }

  public static KubeApi start() {
    return start(false);
  }

  /**
   * Over HTTPS, with the mock's self-signed certificate (it names 127.0.0.1): a server that a GKE
   * cluster's {@code endpoint} and {@code clusterCaCertificate} can describe, as setup reads them.
   */
  public static KubeApi startHttps() {
    return start(true);
  }

  private static KubeApi start(boolean https) {
    Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
    ApiServerDispatcher dispatcher = new ApiServerDispatcher(responses);
    KubernetesMockServer server =
        new KubernetesMockServer(new Context(), new MockWebServer(), responses, dispatcher, https);
    if (https) {
      server.init(InetAddress.getLoopbackAddress(), 0);
    } else {
      server.init();
    }
    return new KubeApi(server, dispatcher);
  }

  /** host:port, as the GKE API reports a cluster's {@code endpoint}. */
  public String endpoint() {
    return MockApiServerAddress.endpoint(server);
  }

  /**
   * The HTTPS server's certificate, base64-encoded PEM, as GKE's {@code
   * masterAuth.clusterCaCertificate}.
   */
  public String caData() {
    return MockApiServerAddress.caData(server);
  }

  public KubernetesMockServer server() {
    return server;
  }

  public ApiServerDispatcher dispatcher() {
    return dispatcher;
  }

  /** A client of the server (namespace {@link #NAMESPACE}); closed with this. */
  public KubernetesClient client() {
    return client;
  }

  /** A fresh client, for a second actor like the {@link ClusterSimulator}. */
  public KubernetesClient newClient() {
    return server.createClient();
  }

  /** Writes a kubeconfig whose current context is this server and namespace {@link #NAMESPACE}. */
  public Path writeKubeconfig(Path file) {
    String yaml =
        """
        apiVersion: v1
        kind: Config
        clusters:
        - name: mock
          cluster:
            server: %s
        contexts:
        - name: mock
          context:
            cluster: mock
            user: tester
            namespace: %s
        current-context: mock
        users:
        - name: tester
          user:
            token: test-token-not-secret-but-masked
        """
            .formatted(server.url("/").replaceAll("/$", ""), NAMESPACE);
    try {
      Files.writeString(file, yaml);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    client.close();
    try {
      server.destroy();
    } catch (IllegalStateException e) {
      if (!(e.getCause() instanceof TimeoutException)) {
        throw e;
      }
      // Fabric8's mock (8.0.0) can block its Vert.x event loop while a client closes a watch that
      // an event is being sent on: WatchEventsListener.onClosed waits for its send executor, whose
      // send waits for the event loop (a thread dump of a CI failure showed exactly this). Vert.x
      // 5's close then outlasts the 10 s MockWebServer allows; fabric8's own suites catch it the
      // same way (kubernetes-client PR 8131). The test itself has run.
      System.err.println("warning: the mock API server did not close within 10 s: " + e);
    }
  }
}
