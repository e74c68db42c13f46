package dev.tfsdeploy.release;

import java.io.IOException;
import java.net.InetAddress;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import okhttp3.HttpUrl;
import okio.Buffer;

/**
 * The storage host GitHub redirects asset downloads to (objects.githubusercontent.com and the
 * like): serves one file, honours {@code Range: bytes=N-} with 206 and {@code Content-Range} as
 * S3/Azure Blob do, and can be told to misbehave on its next requests. It listens on 127.0.0.1
 * while tests address the API server as "localhost": a different host, as in production.
 */
public final class StorageServer extends Dispatcher implements AutoCloseable {
  private static final Pattern RANGE = Pattern.compile("bytes=(\\d+)-");
  public static final String ETAG = "\"0x8DDA1B2C3D4E5F6\"";

  private final MockWebServer server = new MockWebServer();
  private final byte[] content;
  private final Deque<UnaryOperator<MockResponse>> faults = new ArrayDeque<>();

  public StorageServer(byte[] content) throws IOException {
    this.content = content;
    server.setDispatcher(this);
    server.start(InetAddress.getLoopbackAddress(), 0);
  }

  /** The signed URL the API's 302 points at. */
  public HttpUrl url() {
    return new HttpUrl.Builder()
        .scheme("http")
        .host("127.0.0.1")
        .port(server.getPort())
        .addPathSegments("github-production-release-asset/123456/model.tar.gz")
        .addQueryParameter("X-Amz-Signature", "deadbeef")
        .build();
  }

  public MockWebServer server() {
    return server;
  }

  /** The next request gets its answer cut off halfway through the body. */
  public StorageServer thenDropMidBody() {
    faults.add(
        response ->
            response.newBuilder().onResponseBody(SocketEffect.ShutdownConnection.INSTANCE).build());
    return this;
  }

  /** The next request's body stops halfway, the connection left open and silent. */
  public StorageServer thenStallMidBody() {
    faults.add(
        response -> response.newBuilder().onResponseBody(SocketEffect.Stall.INSTANCE).build());
    return this;
  }

  /** The next request gets this status instead of the file. */
  public StorageServer thenStatus(int code) {
    faults.add(
        response ->
            new MockResponse.Builder()
                .code(code)
                .body("<Error><Code>InternalError</Code></Error>")
                .build());
    return this;
  }

  /**
   * The next request gets the file and then {@code extra} more bytes, chunked: no Content-Length
   * tells the client where the body should end.
   */
  public StorageServer thenSendMoreWithoutLength(int extra) {
    faults.add(
        response -> {
          Buffer body = new Buffer().write(content).write(new byte[extra]);
          return base(200, new byte[0])
              .removeHeader("Content-Length")
              .chunkedBody(body, 64 * 1024)
              .build();
        });
    return this;
  }

  /** The next request is answered with the whole file even if it asked for a range. */
  public StorageServer thenIgnoreRange() {
    faults.add(response -> whole());
    return this;
  }

  @Override
  public MockResponse dispatch(RecordedRequest request) {
    MockResponse response = answer(request.getHeaders().get("Range"));
    UnaryOperator<MockResponse> fault = faults.poll();
    return fault == null ? response : fault.apply(response);
  }

  private MockResponse answer(String range) {
    Matcher matcher = range == null ? null : RANGE.matcher(range);
    if (matcher == null || !matcher.matches()) {
      return whole();
    }
    int from = Integer.parseInt(matcher.group(1));
    if (from >= content.length) {
      return new MockResponse.Builder()
          .code(416)
          .setHeader("Content-Range", "bytes */" + content.length)
          .build();
    }
    return base(206, Arrays.copyOfRange(content, from, content.length))
        .setHeader(
            "Content-Range", "bytes " + from + "-" + (content.length - 1) + "/" + content.length)
        .build();
  }

  private MockResponse whole() {
    return base(200, content).build();
  }

  private static MockResponse.Builder base(int code, byte[] body) {
    return new MockResponse.Builder()
        .code(code)
        .setHeader("Content-Type", "application/octet-stream")
        .setHeader("Accept-Ranges", "bytes")
        .setHeader("ETag", ETAG)
        .setHeader("Last-Modified", "Mon, 02 Jun 2025 09:14:31 GMT")
        .body(new Buffer().write(body));
  }

  @Override
  public void close() {
    server.close();
  }
}
