package dev.tfsdeploy.loadtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Failed requests are counted by what went wrong, with what TF Serving said about it. */
class ErrorClassificationTest {
  static LoadSpec requests(int connections, long count, Duration timeout) {
    return new LoadSpec(
        LoadSpec.Mode.CLOSED, connections, 0, null, count, Duration.ZERO, timeout, 1);
  }

  static LoadResult run(String url, String model, LoadSpec spec) {
    return new LoadGenerator(LoadListener.NONE)
        .run(Target.of(url, model), LoadGeneratorTest.BODY, spec);
  }

  @Test
  void serverErrorsAreCountedByStatusWithTheirMessage() {
    try (PredictServer server = new PredictServer("half_plus_two").failEvery(4)) {
      LoadResult result =
          run(server.url(), "half_plus_two", requests(2, 200, Duration.ofSeconds(5)));

      assertThat(result.requests()).isEqualTo(200);
      assertThat(result.successes()).isEqualTo(150);
      assertThat(result.errors()).containsExactly(entry("http_500", 50L));
      assertThat(result.errorSamples().get("http_500"))
          .startsWith("{\"error\": \"Internal: the model failed on request");
      // Throughput counts successes only.
      assertThat(result.requestsPerSecond()).isCloseTo(150 / result.seconds(), within(0.01));
    }
  }

  @Test
  void anUnknownModelIsCountedAsNotFound() {
    try (PredictServer server = new PredictServer("half_plus_two")) {
      LoadResult result =
          run(server.url(), "no_such_model", requests(2, 20, Duration.ofSeconds(5)));

      assertThat(result.successes()).isZero();
      assertThat(result.errors()).containsExactly(entry("http_404", 20L));
      assertThat(result.errorSamples().get("http_404"))
          .contains("Servable not found for request: Latest(no_such_model)");
    }
  }

  @Test
  void aRequestAnsweredTooLateIsATimeout() {
    try (PredictServer server =
        new PredictServer("half_plus_two").latency(i -> i == 10 ? 2000 : 1)) {
      LoadResult result =
          run(server.url(), "half_plus_two", requests(2, 100, Duration.ofMillis(300)));

      assertThat(result.requests()).isEqualTo(100);
      assertThat(result.errors()).containsExactly(entry(ErrorKinds.TIMEOUT, 1L));
      assertThat(result.successes()).isEqualTo(99);
      assertThat(result.latency().max()).isLessThan(300);
    }
  }

  @Test
  void aClosedPortIsAConnectError() throws IOException {
    int port;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    LoadSpec spec =
        new LoadSpec(
            LoadSpec.Mode.CLOSED,
            2,
            0,
            Duration.ofMillis(200),
            0,
            Duration.ZERO,
            Duration.ofSeconds(1),
            1);
    LoadResult result = run("http://127.0.0.1:" + port, "half_plus_two", spec);

    assertThat(result.successes()).isZero();
    assertThat(result.errors()).containsOnlyKeys(ErrorKinds.CONNECT);
    // Two connections retrying every 10 ms or so, not spinning.
    assertThat(result.errors().get(ErrorKinds.CONNECT)).isBetween(2L, 100L);
  }

  @Test
  void aConnectionClosedBeforeTheResponseEndsIsAConnectionError() {
    // Headers, then the connection closes 10 bytes into a 100-byte body.
    try (RawServer server =
        new RawServer("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n{\"predicti")) {
      LoadResult result = run(server.url(), "half_plus_two", requests(1, 5, Duration.ofSeconds(2)));

      assertThat(result.errors()).containsExactly(entry(ErrorKinds.CONNECTION, 5L));
    }
  }

  @Test
  void somethingThatIsNotHttpIsAProtocolError() {
    try (RawServer server = new RawServer("SSH-2.0-OpenSSH_9.2\r\n\r\n")) {
      LoadResult result = run(server.url(), "half_plus_two", requests(1, 5, Duration.ofSeconds(2)));

      assertThat(result.errors()).containsExactly(entry(ErrorKinds.PROTOCOL, 5L));
    }
  }

  /** Answers every connection's first request with fixed bytes, then closes it. */
  static final class RawServer implements AutoCloseable {
    private final ServerSocket socket;
    private final Thread thread;

    RawServer(String answer) {
      try {
        socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      thread =
          new Thread(
              () -> {
                while (!socket.isClosed()) {
                  try (Socket client = socket.accept()) {
                    readRequestHead(client.getInputStream());
                    client.getOutputStream().write(answer.getBytes(StandardCharsets.US_ASCII));
                    client.getOutputStream().flush();
                  } catch (IOException e) {
                    // Closed by the test, or by the client.
                  }
                }
              });
      thread.setDaemon(true);
      thread.start();
    }

    String url() {
      return "http://127.0.0.1:" + socket.getLocalPort();
    }

    private static void readRequestHead(InputStream in) throws IOException {
      int matched = 0;
      while (matched < 4) {
        int b = in.read();
        if (b < 0) {
          return;
        }
        matched = b == "\r\n\r\n".charAt(matched) ? matched + 1 : (b == '\r' ? 1 : 0);
      }
    }

    @Override
    public void close() {
      try {
        socket.close();
        thread.join(1000);
      } catch (IOException | InterruptedException e) {
        throw new IllegalStateException(e);
      }
    }
  }
}
