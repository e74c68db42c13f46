package dev.tfsdeploy.loadtest;

import io.fabric8.kubernetes.client.NamespacedKubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.mockwebserver.http.Response;
import io.fabric8.mockwebserver.http.WebSocket;
import io.fabric8.mockwebserver.http.WebSocketListener;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Kubernetes API server for port-forward tests: Fabric8's mock server in CRUD mode (Services and
 * Pods as stored), plus the pods' {@code portforward} subresource, which speaks the API server's
 * port-forward WebSocket protocol (v4.channel.k8s.io: the port on channels 0 and 1 first, then data
 * frames prefixed by channel 0) and carries each stream to {@code target}, as the kubelet carries
 * it to the pod's port.
 */
public final class PortForwardingApiServer implements AutoCloseable {
  // Held: java.util.logging keeps loggers (and the level set on them) only weakly.
  @SuppressWarnings("UnusedVariable")
  private static final Logger MOCK_LOG = quiet("io.fabric8.mockwebserver");

  private static final Pattern PORT_FORWARD =
      Pattern.compile("/api/v1/namespaces/([^/]+)/pods/([^/]+)/portforward\\?ports=(\\d+)");

  private final KubernetesMockServer server;
  private final InetSocketAddress target;
  private final List<String> forwards = new CopyOnWriteArrayList<>();

  /**
   * @param target where forwarded streams go: the process playing the pod
   */
  public PortForwardingApiServer(InetSocketAddress target) {
    this.target = target;
    KubernetesCrudDispatcher crud = new KubernetesCrudDispatcher();
    this.server =
        new KubernetesMockServer(
            new Context(),
            new MockWebServer(),
            new HashMap<>(),
            new Dispatcher() {
              @Override
              public MockResponse dispatch(RecordedRequest request) {
                Matcher forward = PORT_FORWARD.matcher(request.getPath());
                if (forward.matches()) {
                  forwards.add(forward.group(1) + "/" + forward.group(2) + ":" + forward.group(3));
                  return new MockResponse()
                      .withWebSocketUpgrade(new Relay(Integer.parseInt(forward.group(3))));
                }
                return crud.dispatch(request);
              }
            },
            false);
    server.init(InetAddress.getLoopbackAddress(), 0);
  }

  public NamespacedKubernetesClient client() {
    return server.createClient();
  }

  /** The API server's URL, for a kubeconfig. */
  public String url() {
    return "http://127.0.0.1:" + server.getPort();
  }

  /** Every port-forward opened, as "namespace/pod:port". */
  public List<String> forwards() {
    return List.copyOf(forwards);
  }

  @Override
  public void close() {
    server.destroy();
  }

  /** One forwarded stream: a TCP connection to the target, relayed over the WebSocket. */
  private final class Relay extends WebSocketListener {
    private final int port;
    private volatile Socket socket;

    Relay(int port) {
      this.port = port;
    }

    @Override
    public void onOpen(WebSocket webSocket, Response response) {
      try {
        socket = new Socket(target.getAddress(), target.getPort());
      } catch (IOException e) {
        webSocket.close(1011, "cannot reach the pod");
        return;
      }
      byte[] portBytes = {(byte) (port & 0xff), (byte) (port >> 8)};
      webSocket.send(new byte[] {0, portBytes[0], portBytes[1]});
      webSocket.send(new byte[] {1, portBytes[0], portBytes[1]});
      Thread pump = new Thread(() -> pump(webSocket), "port-forward-relay");
      pump.setDaemon(true);
      pump.start();
    }

    private void pump(WebSocket webSocket) {
      byte[] buffer = new byte[8192];
      try (InputStream in = socket.getInputStream()) {
        for (int read = in.read(buffer, 1, buffer.length - 1);
            read >= 0;
            read = in.read(buffer, 1, buffer.length - 1)) {
          buffer[0] = 0;
          webSocket.send(Arrays.copyOf(buffer, read + 1));
        }
      } catch (IOException e) {
        // The client closed the stream.
      }
      webSocket.close(1000, "");
    }

    @Override
    public void onMessage(WebSocket webSocket, byte[] bytes) {
      if (bytes.length > 1 && bytes[0] == 0) {
        try {
          socket.getOutputStream().write(bytes, 1, bytes.length - 1);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    }

    @Override
    public void onClosing(WebSocket webSocket, int code, String reason) {
      closeSocket();
    }

    @Override
    public void onClosed(WebSocket webSocket, int code, String reason) {
      closeSocket();
    }

    private void closeSocket() {
      try {
        if (socket != null) {
          socket.close();
        }
      } catch (IOException ignored) {
        // Already closed.
      }
    }
  }

  private static Logger quiet(String name) {
    Logger logger = Logger.getLogger(name);
    logger.setLevel(Level.WARNING);
    return logger;
  }
}
