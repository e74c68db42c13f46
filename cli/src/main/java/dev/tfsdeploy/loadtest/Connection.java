package dev.tfsdeploy.loadtest;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;

/** One keep-alive connection of an event loop and the request it is carrying, if any. */
final class Connection {
  final ResponseParser parser = new ResponseParser();
  SocketChannel channel;
  SelectionKey key;

  /** The request's bytes still to write. */
  ByteBuffer out;

  /** Whether a request is in flight. */
  boolean busy;

  /** Whether the channel is connected (else a connect is pending, or there is no channel). */
  boolean connected;

  /**
   * Latency counts from here: the send time (closed loop) or the intended send time (open loop).
   */
  long latencyStart;

  /** When the request in flight was handed to the connection (its own wait ends here). */
  long sentAt;

  /** When the request in flight times out. */
  long deadline;

  /** Whether the request in flight counts in the results (false during warmup). */
  boolean measured;

  /** Closes the channel; the next request opens a new one. */
  void close() {
    if (channel != null) {
      if (key != null) {
        key.cancel();
      }
      try {
        channel.close();
      } catch (IOException ignored) {
        // Nothing more to read or write on it.
      }
    }
    channel = null;
    key = null;
    connected = false;
  }
}
