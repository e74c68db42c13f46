package dev.tfsdeploy.loadtest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tfsdeploy.loadtest.ResponseParser.Progress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** HTTP/1.1 responses, read from bytes in whatever pieces they arrive. */
class ResponseParserTest {
  private final ResponseParser parser = new ResponseParser();

  private static ByteBuffer bytes(String text) {
    return ByteBuffer.wrap(text.getBytes(StandardCharsets.ISO_8859_1));
  }

  /** Feeds the text one byte at a time, returning the last progress. */
  private Progress feedByteByByte(String text) {
    Progress progress = Progress.INCOMPLETE;
    for (int i = 0; i < text.length(); i++) {
      assertThat(progress).isEqualTo(Progress.INCOMPLETE);
      progress = parser.feed(bytes(text.substring(i, i + 1)));
    }
    return progress;
  }

  @Test
  void endsAContentLengthBodyAtItsLength() {
    ByteBuffer in =
        bytes(
            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 23\r\n\r\n"
                + "{\"predictions\": [2.5]}\nHTTP/1.1");

    assertThat(parser.feed(in)).isEqualTo(Progress.COMPLETE);
    assertThat(parser.status()).isEqualTo(200);
    assertThat(parser.keepAlive()).isTrue();
    assertThat(in.remaining()).isEqualTo("HTTP/1.1".length());
  }

  @Test
  void readsAResponseSplitAtEveryByte() {
    assertThat(feedByteByByte("HTTP/1.1 503 Service Unavailable\r\ncontent-length: 5\r\n\r\nbusy!"))
        .isEqualTo(Progress.COMPLETE);
    assertThat(parser.status()).isEqualTo(503);
    assertThat(parser.bodySample()).isEqualTo("busy!");
  }

  @Test
  void readsAChunkedBodyWithExtensionsAndTrailers() {
    String response =
        "HTTP/1.1 200 OK\r\n"
            + "Transfer-Encoding: chunked\r\n\r\n"
            + "5;name=value\r\n"
            + "hello\r\n"
            + "1A\r\n"
            + "abcdefghijklmnopqrstuvwxyz\r\n"
            + "0\r\n"
            + "X-Trailer: 1\r\n\r\n";

    assertThat(feedByteByByte(response)).isEqualTo(Progress.COMPLETE);
    assertThat(parser.keepAlive()).isTrue();
  }

  @Test
  void aConnectionCloseHeaderEndsReuse() {
    assertThat(
            parser.feed(bytes("HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 0\r\n\r\n")))
        .isEqualTo(Progress.COMPLETE);
    assertThat(parser.keepAlive()).isFalse();
  }

  @Test
  void http10ClosesUnlessKeepAliveIsAsked() {
    assertThat(parser.feed(bytes("HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n")))
        .isEqualTo(Progress.COMPLETE);
    assertThat(parser.keepAlive()).isFalse();
    parser.reset();
    assertThat(
            parser.feed(
                bytes("HTTP/1.0 200 OK\r\nConnection: Keep-Alive\r\nContent-Length: 0\r\n\r\n")))
        .isEqualTo(Progress.COMPLETE);
    assertThat(parser.keepAlive()).isTrue();
  }

  @Test
  void aBodyWithoutLengthRunsToTheEndOfTheStream() {
    assertThat(parser.feed(bytes("HTTP/1.1 200 OK\r\n\r\n{\"predictions\": []}")))
        .isEqualTo(Progress.INCOMPLETE);
    assertThat(parser.endOfStream()).isEqualTo(Progress.COMPLETE);
    assertThat(parser.keepAlive()).isFalse();
  }

  @Test
  void theEndOfTheStreamInsideALengthIsNoResponse() {
    assertThat(parser.feed(bytes("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n{\"pr")))
        .isEqualTo(Progress.INCOMPLETE);
    assertThat(parser.endOfStream()).isEqualTo(Progress.MALFORMED);
  }

  @Test
  void skipsAnInterimResponse() {
    ByteBuffer in =
        bytes("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 201 Created\r\nContent-Length: 2\r\n\r\n{}");

    assertThat(parser.feed(in)).isEqualTo(Progress.COMPLETE);
    assertThat(parser.status()).isEqualTo(201);
  }

  @Test
  void noContentHasNoBody() {
    assertThat(parser.feed(bytes("HTTP/1.1 204 No Content\r\n\r\n"))).isEqualTo(Progress.COMPLETE);
  }

  @Test
  void keepsOnlyTheStartOfALongErrorBody() {
    String body = "x".repeat(10_000);
    assertThat(
            parser.feed(
                bytes(
                    "HTTP/1.1 500 Internal Server Error\r\nContent-Length: 10000\r\n\r\n" + body)))
        .isEqualTo(Progress.COMPLETE);
    assertThat(parser.bodySample()).hasSize(300);
  }

  @Test
  void refusesWhatIsNotAnHttpResponse() {
    assertThat(parser.feed(bytes("SSH-2.0-OpenSSH_9.2\r\n\r\n"))).isEqualTo(Progress.MALFORMED);
    parser.reset();
    assertThat(parser.feed(bytes("HTTP/1.1 2x0 OK\r\n\r\n"))).isEqualTo(Progress.MALFORMED);
    parser.reset();
    assertThat(parser.feed(bytes("HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n")))
        .isEqualTo(Progress.MALFORMED);
    parser.reset();
    assertThat(parser.feed(bytes("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n")))
        .isEqualTo(Progress.MALFORMED);
  }
}
