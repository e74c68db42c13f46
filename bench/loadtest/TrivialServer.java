import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Locale;

/**
 * The benchmark's trivial server: one NIO thread on 127.0.0.1 that answers every HTTP/1.1 request
 * (keep-alive, pipelining allowed) with a fixed TF Serving predict response, so the server costs
 * as little as possible and both load generators measure mostly themselves.
 *
 * <p>Usage: {@code java TrivialServer.java [PORT]} (0 = any); prints {@code PORT=N} once listening.
 */
public class TrivialServer {
  private static final byte[] RESPONSE = ("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
      + "Content-Length: 28\r\n\r\n{\n    \"predictions\": [2.5]\n}").getBytes(StandardCharsets.US_ASCII);

  public static void main(String[] args) throws IOException {
    Selector selector = Selector.open();
    ServerSocketChannel server = ServerSocketChannel.open();
    server.bind(new InetSocketAddress("127.0.0.1", args.length > 0 ? Integer.parseInt(args[0]) : 0), 1024);
    server.configureBlocking(false);
    server.register(selector, SelectionKey.OP_ACCEPT);
    System.out.println("PORT=" + ((InetSocketAddress) server.getLocalAddress()).getPort());
    System.out.flush();
    ByteBuffer out = ByteBuffer.allocateDirect(RESPONSE.length * 64);
    while (true) {
      selector.select();
      Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
      while (keys.hasNext()) {
        SelectionKey key = keys.next();
        keys.remove();
        if (key.isAcceptable()) {
          SocketChannel client = server.accept();
          if (client != null) {
            client.configureBlocking(false);
            client.socket().setTcpNoDelay(true);
            client.register(selector, SelectionKey.OP_READ, new Connection());
          }
        } else if (key.isReadable()) {
          serve((SocketChannel) key.channel(), (Connection) key.attachment(), out, key);
        }
      }
    }
  }

  private static void serve(SocketChannel channel, Connection connection, ByteBuffer out, SelectionKey key) {
    try {
      int read = channel.read(connection.in);
      if (read < 0) {
        key.cancel();
        channel.close();
        return;
      }
      int responses = connection.completeRequests();
      out.clear();
      for (int i = 0; i < responses; i++) {
        if (!out.hasRemaining() || out.remaining() < RESPONSE.length) {
          out.flip();
          writeFully(channel, out);
          out.clear();
        }
        out.put(RESPONSE);
      }
      out.flip();
      writeFully(channel, out);
    } catch (IOException e) {
      key.cancel();
      try {
        channel.close();
      } catch (IOException ignored) {
        // closing a broken connection
      }
    }
  }

  // Responses are small and the client reads them; a full socket buffer is waited out here.
  private static void writeFully(SocketChannel channel, ByteBuffer buffer) throws IOException {
    while (buffer.hasRemaining()) {
      channel.write(buffer);
    }
  }

  /** Bytes received on one connection, consumed request by request. */
  private static final class Connection {
    final ByteBuffer in = ByteBuffer.allocate(64 * 1024);

    /** Counts and drops the complete requests at the buffer's start; keeps a partial one. */
    int completeRequests() {
      in.flip();
      int count = 0;
      while (true) {
        int start = in.position();
        int headersEnd = find(in, start);
        if (headersEnd < 0) {
          break;
        }
        int length = contentLength(in, start, headersEnd);
        if (in.limit() - headersEnd < length) {
          break;
        }
        in.position(headersEnd + length);
        count++;
      }
      in.compact();
      return count;
    }

    private static int find(ByteBuffer buffer, int from) {
      for (int i = from; i + 3 < buffer.limit(); i++) {
        if (buffer.get(i) == '\r' && buffer.get(i + 1) == '\n' && buffer.get(i + 2) == '\r' && buffer.get(i + 3) == '\n') {
          return i + 4;
        }
      }
      return -1;
    }

    private static int contentLength(ByteBuffer buffer, int start, int end) {
      byte[] head = new byte[end - start];
      buffer.get(start, head);
      String text = new String(head, StandardCharsets.US_ASCII).toLowerCase(Locale.ROOT);
      int at = text.indexOf("\r\ncontent-length:");
      if (at < 0) {
        return 0;
      }
      int valueStart = at + "\r\ncontent-length:".length();
      return Integer.parseInt(text.substring(valueStart, text.indexOf("\r\n", valueStart)).trim());
    }
  }
}
