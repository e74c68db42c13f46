package dev.tfsdeploy.loadtest;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;

/**
 * Reads one HTTP/1.1 response at a time from the bytes a connection receives, in whatever pieces
 * they arrive: the status code, whether the connection may be reused, and the end of the body
 * (Content-Length, chunked, or the end of the stream). Bodies are skipped, not kept, except the
 * start of an error response's body, which names what went wrong.
 */
final class ResponseParser {
  /** What a call consumed. */
  enum Progress {
    /** The response is not complete yet: feed more bytes. */
    INCOMPLETE,
    /** A response ended; {@link #status()} and {@link #keepAlive()} describe it. */
    COMPLETE,
    /** The bytes are not an HTTP/1.x response. */
    MALFORMED
  }

  private static final int MAX_HEAD = 64 * 1024;
  private static final int MAX_SAMPLE = 300;

  private enum State {
    HEAD,
    BODY_LENGTH,
    CHUNK_SIZE,
    CHUNK_DATA,
    CHUNK_END,
    TRAILERS,
    BODY_UNTIL_CLOSE
  }

  private State state = State.HEAD;
  private byte[] head = new byte[512];
  private int headLength;

  /** How much of "\r\n\r\n" (or, in chunk lines and trailers, of a line end) was just seen. */
  private int endMatch;

  private long remaining;
  private long chunkSize;
  private boolean chunkSizeSeen;
  private boolean inChunkExtension;
  private int trailerLineLength;
  private int status;
  private boolean keepAlive;
  private final byte[] sample = new byte[MAX_SAMPLE];
  private int sampleLength;

  /** Prepares for the next response on the same connection. */
  void reset() {
    state = State.HEAD;
    headLength = 0;
    endMatch = 0;
    sampleLength = 0;
    status = 0;
  }

  int status() {
    return status;
  }

  boolean keepAlive() {
    return keepAlive;
  }

  /** The start of the body, for error responses (empty for successes). */
  String bodySample() {
    return new String(sample, 0, sampleLength, StandardCharsets.UTF_8);
  }

  /** Consumes bytes of {@code in} up to the end of the current response. */
  Progress feed(ByteBuffer in) {
    while (in.hasRemaining()) {
      switch (state) {
        case HEAD -> {
          Progress progress = readHead(in);
          if (progress != Progress.INCOMPLETE) {
            return progress;
          }
        }
        case BODY_LENGTH -> {
          int n = (int) Math.min(remaining, in.remaining());
          skip(in, n);
          remaining -= n;
          if (remaining == 0) {
            return Progress.COMPLETE;
          }
        }
        case BODY_UNTIL_CLOSE -> skip(in, in.remaining());
        case CHUNK_SIZE -> {
          Progress progress = readChunkSize(in.get());
          if (progress != Progress.INCOMPLETE) {
            return progress;
          }
        }
        case CHUNK_DATA -> {
          int n = (int) Math.min(remaining, in.remaining());
          skip(in, n);
          remaining -= n;
          if (remaining == 0) {
            state = State.CHUNK_END;
            endMatch = 0;
          }
        }
        case CHUNK_END -> {
          byte b = in.get();
          if (b != (endMatch == 0 ? '\r' : '\n')) {
            return Progress.MALFORMED;
          }
          if (++endMatch == 2) {
            startChunkSize();
          }
        }
        case TRAILERS -> {
          byte b = in.get();
          if (b == '\n') {
            if (trailerLineLength == 0) {
              return Progress.COMPLETE;
            }
            trailerLineLength = 0;
          } else if (b != '\r') {
            trailerLineLength++;
          }
        }
      }
    }
    return Progress.INCOMPLETE;
  }

  /** The peer closed the connection: complete if the body runs to the end of the stream. */
  Progress endOfStream() {
    return state == State.BODY_UNTIL_CLOSE ? Progress.COMPLETE : Progress.MALFORMED;
  }

  private Progress readHead(ByteBuffer in) {
    while (in.hasRemaining()) {
      byte b = in.get();
      if (headLength == head.length) {
        if (head.length >= MAX_HEAD) {
          return Progress.MALFORMED;
        }
        head = Arrays.copyOf(head, head.length * 2);
      }
      head[headLength++] = b;
      endMatch = b == (endMatch % 2 == 0 ? '\r' : '\n') ? endMatch + 1 : (b == '\r' ? 1 : 0);
      if (endMatch == 4) {
        return parseHead();
      }
    }
    return Progress.INCOMPLETE;
  }

  private Progress parseHead() {
    // "HTTP/1.x NNN"
    if (headLength < 12 || !startsWith(0, "HTTP/1.") || head[8] != ' ') {
      return Progress.MALFORMED;
    }
    status = 0;
    for (int i = 9; i < 12; i++) {
      if (head[i] < '0' || head[i] > '9') {
        return Progress.MALFORMED;
      }
      status = status * 10 + (head[i] - '0');
    }
    boolean http10 = head[7] == '0';
    keepAlive = !http10;
    long contentLength = -1;
    boolean chunked = false;
    int line = indexOfLineEnd(0) + 2;
    while (line < headLength - 2) {
      int end = indexOfLineEnd(line);
      int colon = indexOf((byte) ':', line, end);
      if (colon > 0) {
        if (nameIs(line, colon, "content-length")) {
          contentLength = parseLength(colon + 1, end);
          if (contentLength < 0) {
            return Progress.MALFORMED;
          }
        } else if (nameIs(line, colon, "transfer-encoding")) {
          chunked = valueContains(colon + 1, end, "chunked");
        } else if (nameIs(line, colon, "connection")) {
          if (valueContains(colon + 1, end, "close")) {
            keepAlive = false;
          } else if (valueContains(colon + 1, end, "keep-alive")) {
            keepAlive = true;
          }
        }
      }
      line = end + 2;
    }
    if (status < 200) {
      // An interim response (100 Continue): the real one follows.
      reset();
      return Progress.INCOMPLETE;
    }
    if (status == 204 || status == 304) {
      return Progress.COMPLETE;
    }
    if (chunked) {
      startChunkSize();
    } else if (contentLength >= 0) {
      remaining = contentLength;
      state = State.BODY_LENGTH;
      if (remaining == 0) {
        return Progress.COMPLETE;
      }
    } else {
      keepAlive = false;
      state = State.BODY_UNTIL_CLOSE;
    }
    return Progress.INCOMPLETE;
  }

  private void startChunkSize() {
    state = State.CHUNK_SIZE;
    chunkSize = 0;
    chunkSizeSeen = false;
    inChunkExtension = false;
    endMatch = 0;
  }

  private Progress readChunkSize(byte b) {
    if (b == '\r') {
      return Progress.INCOMPLETE;
    }
    if (b == '\n') {
      if (!chunkSizeSeen) {
        return Progress.MALFORMED;
      }
      if (chunkSize == 0) {
        state = State.TRAILERS;
        trailerLineLength = 0;
      } else {
        state = State.CHUNK_DATA;
        remaining = chunkSize;
      }
      return Progress.INCOMPLETE;
    }
    if (inChunkExtension) {
      return Progress.INCOMPLETE;
    }
    if (b == ';' || b == ' ' || b == '\t') {
      inChunkExtension = true;
      return Progress.INCOMPLETE;
    }
    int digit = Character.digit(b, 16);
    if (digit < 0 || chunkSize > (Long.MAX_VALUE >> 4)) {
      return Progress.MALFORMED;
    }
    chunkSize = chunkSize * 16 + digit;
    chunkSizeSeen = true;
    return Progress.INCOMPLETE;
  }

  private void skip(ByteBuffer in, int n) {
    if (status >= 400 && sampleLength < MAX_SAMPLE) {
      int keep = Math.min(n, MAX_SAMPLE - sampleLength);
      in.get(sample, sampleLength, keep);
      sampleLength += keep;
      n -= keep;
    }
    in.position(in.position() + n);
  }

  private boolean startsWith(int at, String prefix) {
    for (int i = 0; i < prefix.length(); i++) {
      if (head[at + i] != prefix.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  private int indexOfLineEnd(int from) {
    for (int i = from; i + 1 < headLength; i++) {
      if (head[i] == '\r' && head[i + 1] == '\n') {
        return i;
      }
    }
    return headLength;
  }

  private int indexOf(byte b, int from, int to) {
    for (int i = from; i < to; i++) {
      if (head[i] == b) {
        return i;
      }
    }
    return -1;
  }

  private boolean nameIs(int from, int to, String lowerCaseName) {
    if (to - from != lowerCaseName.length()) {
      return false;
    }
    for (int i = 0; i < lowerCaseName.length(); i++) {
      if (Character.toLowerCase(head[from + i]) != lowerCaseName.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  private boolean valueContains(int from, int to, String lowerCaseWord) {
    return new String(head, from, to - from, StandardCharsets.US_ASCII)
        .toLowerCase(Locale.ROOT)
        .contains(lowerCaseWord);
  }

  private long parseLength(int from, int to) {
    while (from < to && (head[from] == ' ' || head[from] == '\t')) {
      from++;
    }
    while (to > from && (head[to - 1] == ' ' || head[to - 1] == '\t')) {
      to--;
    }
    if (from == to || to - from > 18) {
      return -1;
    }
    long value = 0;
    for (int i = from; i < to; i++) {
      if (head[i] < '0' || head[i] > '9') {
        return -1;
      }
      value = value * 10 + (head[i] - '0');
    }
    return value;
  }
}
