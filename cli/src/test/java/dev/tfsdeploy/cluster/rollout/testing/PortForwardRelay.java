package dev.tfsdeploy.cluster.rollout.testing;

import io.fabric8.mockwebserver.http.ByteString;
import io.fabric8.mockwebserver.http.Response;
import io.fabric8.mockwebserver.http.WebSocket;
import io.fabric8.mockwebserver.http.WebSocketListener;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Arrays;

/**
 * The API server's side of one port-forward stream ({@code portforward.k8s.io}): it first names the
 * forwarded port on the data channel (0) and the error channel (1), then carries bytes in frames
 * whose first byte is the channel. The pod's end is a real TCP connection to {@code target}.
 */
final class PortForwardRelay extends WebSocketListener {
  private final InetSocketAddress target;
  private final int port;
  private volatile Socket socket;

  PortForwardRelay(InetSocketAddress target, int port) {
    this.target = target;
    this.port = port;
  }

  @Override
  public void onOpen(WebSocket webSocket, Response response) {
    byte[] portBytes = {(byte) (port & 0xFF), (byte) ((port >> 8) & 0xFF)};
    webSocket.send(new byte[] {0, portBytes[0], portBytes[1]});
    webSocket.send(new byte[] {1, portBytes[0], portBytes[1]});
    try {
      socket = new Socket(target.getAddress(), target.getPort());
    } catch (IOException e) {
      webSocket.close(1011, "cannot reach the pod: " + e.getMessage());
      return;
    }
    Thread pump = new Thread(() -> pumpToClient(webSocket), "port-forward-relay");
    pump.setDaemon(true);
    pump.start();
  }

  @Override
  public void onMessage(WebSocket webSocket, byte[] bytes) {
    if (bytes.length > 1 && bytes[0] == 0 && socket != null) {
      try {
        OutputStream out = socket.getOutputStream();
        out.write(bytes, 1, bytes.length - 1);
        out.flush();
      } catch (IOException e) {
        webSocket.close(1011, e.getMessage());
      }
    }
  }

  @Override
  public void onMessage(WebSocket webSocket, ByteString bytes) {
    onMessage(webSocket, bytes.toByteArray());
  }

  @Override
  public void onClosing(WebSocket webSocket, int code, String reason) {
    closeSocket();
  }

  @Override
  public void onClosed(WebSocket webSocket, int code, String reason) {
    closeSocket();
  }

  private void pumpToClient(WebSocket webSocket) {
    byte[] buffer = new byte[8192];
    try (InputStream in = socket.getInputStream()) {
      int read;
      while ((read = in.read(buffer)) >= 0) {
        byte[] frame = new byte[read + 1];
        System.arraycopy(buffer, 0, frame, 1, read);
        webSocket.send(Arrays.copyOf(frame, frame.length));
      }
    } catch (IOException e) {
      // The client closed the stream; nothing more to relay.
    }
    webSocket.close(1000, "");
  }

  private void closeSocket() {
    try {
      if (socket != null) {
        socket.close();
      }
    } catch (IOException e) {
      // Already closed.
    }
  }
}
