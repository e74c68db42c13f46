package dev.tfsdeploy.loadtest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.channels.UnresolvedAddressException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One thread's share of the load: its connections, multiplexed on one selector, each carrying one
 * request at a time (keep-alive, no pipelining). Every request ends by its deadline, and the loop
 * ends by itself once its pacing allows no more requests and none is in flight.
 */
final class EventLoop extends LoadLoop {
  /** How often deadlines are checked and failed connections of a closed loop restarted. */
  private static final long SCAN_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

  private final InetSocketAddress address;
  private final ByteBuffer request;
  private final Pacing pacing;
  private final long timeoutNanos;
  private final int maxConnections;
  private final List<Connection> connections = new ArrayList<>();
  private final ArrayDeque<Connection> idle = new ArrayDeque<>();
  private final TimeQueue due = new TimeQueue();
  private final ByteBuffer readBuffer = ByteBuffer.allocateDirect(64 * 1024);
  private final Selector selector;
  private int inFlight;
  private Pacer pacer;

  /** While the loop sleeps in select: when its next request is due (else MAX_VALUE). */
  private volatile long sleepingUntil = Long.MAX_VALUE;

  EventLoop(
      InetSocketAddress address,
      ByteBuffer request,
      Pacing pacing,
      long timeoutNanos,
      int maxConnections) {
    this.address = address;
    this.request = request.asReadOnlyBuffer();
    this.pacing = pacing;
    this.timeoutNanos = timeoutNanos;
    this.maxConnections = maxConnections;
    try {
      this.selector = Selector.open();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Lets {@code pacer} wake the loop when a request is due (before the loop runs). */
  void pacedBy(Pacer pacer) {
    this.pacer = pacer;
  }

  long sleepingUntil() {
    return sleepingUntil;
  }

  void wakeUp() {
    selector.wakeup();
  }

  /** Stops the loop at its next turn: wakes it from select. */
  @Override
  void abort() {
    super.abort();
    selector.wakeup();
  }

  @Override
  public void run() {
    try {
      if (pacing instanceof Pacing.Closed) {
        for (int i = 0; i < maxConnections; i++) {
          Connection connection = new Connection();
          connections.add(connection);
          sendNext(connection, System.nanoTime());
        }
      }
      long nextScan = System.nanoTime() + SCAN_NANOS;
      while (!aborted) {
        long now = System.nanoTime();
        if (pacing instanceof Pacing.Open open) {
          queueDue(open, now);
          dispatchDue(now);
        }
        if (now >= nextScan) {
          scan(now);
          nextScan = now + SCAN_NANOS;
        }
        if (inFlight == 0 && due.isEmpty() && pacing.exhausted(now)) {
          break;
        }
        long nextDue = pacing instanceof Pacing.Open open ? open.next() : Pacing.NONE;
        long waitNanos = Math.min(nextScan, nextDue) - now;
        if (waitNanos <= 0) {
          selector.selectNow();
        } else {
          sleep(nextDue, waitNanos);
        }
        handleReady();
      }
    } catch (IOException | RuntimeException e) {
      failure = e;
    } finally {
      connections.forEach(Connection::close);
      try {
        selector.close();
      } catch (IOException ignored) {
        // The loop is over either way.
      }
    }
  }

  private void sleep(long nextDue, long waitNanos) throws IOException {
    if (pacer != null && nextDue != Pacing.NONE) {
      sleepingUntil = nextDue;
      pacer.sleeping(nextDue);
    }
    try {
      selector.select(Math.max(1, (waitNanos + 999_999) / 1_000_000));
    } finally {
      sleepingUntil = Long.MAX_VALUE;
    }
  }

  private void queueDue(Pacing.Open open, long now) {
    for (long next = open.next(); next <= now; next = open.next()) {
      due.add(next);
      open.advance();
    }
  }

  /** Hands due requests to idle connections, opening new ones up to the limit. */
  private void dispatchDue(long now) {
    while (!due.isEmpty()) {
      Connection connection = idle.poll();
      if (connection == null) {
        if (connections.size() >= maxConnections) {
          return;
        }
        connection = new Connection();
        connections.add(connection);
      }
      long intended = due.poll();
      start(connection, intended, intended >= ((Pacing.Open) pacing).measureStart(), now);
    }
  }

  /**
   * Fails requests past their deadline; restarts closed-loop connections that stopped on a failure.
   */
  private void scan(long now) {
    while (!due.isEmpty() && due.peek() + timeoutNanos <= now) {
      long intended = due.poll();
      if (intended >= ((Pacing.Open) pacing).measureStart()) {
        recorder.error(ErrorKinds.TIMEOUT, null, now);
      }
    }
    for (Connection connection : connections) {
      if (connection.busy && connection.deadline <= now) {
        fail(connection, ErrorKinds.TIMEOUT, now);
      } else if (!connection.busy && pacing instanceof Pacing.Closed) {
        sendNext(connection, now);
      }
    }
  }

  private void handleReady() {
    Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
    while (keys.hasNext()) {
      SelectionKey key = keys.next();
      keys.remove();
      Connection connection = (Connection) key.attachment();
      if (!key.isValid() || connection.key != key) {
        continue;
      }
      long now = System.nanoTime();
      if (key.isConnectable()) {
        finishConnect(connection, now);
      } else {
        if (key.isWritable()) {
          write(connection, now);
        }
        if (key.isValid() && connection.key == key && key.isReadable()) {
          read(connection, now);
        }
      }
    }
  }

  /** A closed loop's connection is free: send again if the pacing allows. */
  private void sendNext(Connection connection, long now) {
    int permit = ((Pacing.Closed) pacing).take(now);
    if (permit > 0) {
      start(connection, now, permit == 2, now);
    }
  }

  private void start(Connection connection, long latencyStart, boolean measured, long now) {
    connection.busy = true;
    connection.measured = measured;
    connection.latencyStart = latencyStart;
    connection.sentAt = now;
    connection.deadline = latencyStart + timeoutNanos;
    connection.parser.reset();
    connection.out = request.duplicate();
    inFlight++;
    if (connection.channel != null) {
      write(connection, now);
      return;
    }
    try {
      SocketChannel channel = SocketChannel.open();
      connection.channel = channel;
      channel.configureBlocking(false);
      channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
      boolean connected = channel.connect(address);
      connection.key =
          channel.register(
              selector, connected ? SelectionKey.OP_READ : SelectionKey.OP_CONNECT, connection);
      if (connected) {
        connection.connected = true;
        write(connection, now);
      }
    } catch (IOException | UnresolvedAddressException e) {
      fail(connection, ErrorKinds.CONNECT, now);
    }
  }

  private void finishConnect(Connection connection, long now) {
    try {
      if (connection.channel.finishConnect()) {
        connection.connected = true;
        connection.key.interestOps(SelectionKey.OP_READ);
        write(connection, now);
      }
    } catch (IOException e) {
      fail(connection, ErrorKinds.CONNECT, now);
    }
  }

  private void write(Connection connection, long now) {
    try {
      connection.channel.write(connection.out);
      int interest =
          connection.out.hasRemaining()
              ? SelectionKey.OP_READ | SelectionKey.OP_WRITE
              : SelectionKey.OP_READ;
      if (connection.key.interestOps() != interest) {
        connection.key.interestOps(interest);
      }
    } catch (IOException e) {
      fail(connection, ErrorKinds.CONNECTION, now);
    }
  }

  private void read(Connection connection, long now) {
    ByteBuffer buffer = readBuffer;
    buffer.clear();
    int read;
    try {
      read = connection.channel.read(buffer);
    } catch (IOException e) {
      if (connection.busy) {
        fail(connection, ErrorKinds.CONNECTION, now);
      } else {
        connection.close();
      }
      return;
    }
    if (!connection.busy) {
      // An idle keep-alive connection the server closed (or sent something unasked): drop the
      // channel; the connection opens a new one for its next request.
      connection.close();
      return;
    }
    if (read < 0) {
      if (connection.parser.endOfStream() == ResponseParser.Progress.COMPLETE) {
        complete(connection, now);
      } else {
        fail(connection, ErrorKinds.CONNECTION, now);
      }
      return;
    }
    buffer.flip();
    switch (connection.parser.feed(buffer)) {
      case COMPLETE -> {
        if (buffer.hasRemaining()) {
          fail(connection, ErrorKinds.PROTOCOL, now);
        } else {
          complete(connection, now);
        }
      }
      case MALFORMED -> fail(connection, ErrorKinds.PROTOCOL, now);
      case INCOMPLETE -> {}
    }
  }

  private void complete(Connection connection, long now) {
    inFlight--;
    connection.busy = false;
    ResponseParser parser = connection.parser;
    int status = parser.status();
    if (connection.measured) {
      if (status >= 200 && status < 300) {
        recorder.success(now - connection.latencyStart, now - connection.sentAt, now);
      } else {
        recorder.error(ErrorKinds.http(status), parser.bodySample(), now);
      }
    }
    if (!parser.keepAlive()) {
      connection.close();
    }
    free(connection, now);
  }

  private void fail(Connection connection, String kind, long now) {
    inFlight--;
    connection.busy = false;
    connection.close();
    if (connection.measured) {
      recorder.error(kind, null, now);
    }
    // A closed loop resends from the next scan, not at once, so a refused connection cannot spin;
    // an open loop's next due request takes it from the idle connections on the loop's next turn.
    if (pacing instanceof Pacing.Open) {
      idle.push(connection);
    }
  }

  private void free(Connection connection, long now) {
    if (pacing instanceof Pacing.Closed) {
      sendNext(connection, now);
    } else if (!due.isEmpty()) {
      long intended = due.poll();
      start(connection, intended, intended >= ((Pacing.Open) pacing).measureStart(), now);
    } else {
      idle.push(connection);
    }
  }
}
