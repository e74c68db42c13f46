package dev.tfsdeploy.loadtest;

import dev.tfsdeploy.UserError;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Sends TF Serving predict requests at a closed- or open-loop load and measures them.
 *
 * <p>The client is a small non-blocking HTTP/1.1 client: a few event-loop threads (no more than the
 * CPU cores), each multiplexing its share of keep-alive connections on one selector, with the
 * request encoded once. That keeps the generator's own cost per request low (its ceiling on
 * loopback is measured against wrk by {@code bench/loadtest/run}) and its resources bounded: no
 * thread per connection, no per-request allocation beyond the parser's state.
 */
public final class LoadGenerator {
  private static final String USER_AGENT = "tfs-deploy-loadtest";

  private final LoadListener listener;

  public LoadGenerator(LoadListener listener) {
    this.listener = listener;
  }

  /**
   * Runs the load described by {@code spec} against {@code target} and returns what it measured.
   */
  public LoadResult run(Target target, byte[] body, LoadSpec spec) {
    return measure(target, body, spec).result();
  }

  /** {@link #run}, with how well the generator kept the schedule. */
  public Measurement measure(Target target, byte[] body, LoadSpec spec) {
    InetSocketAddress address = target.address();
    if (address.isUnresolved()) {
      throw new UserError(
          "cannot resolve host " + target.host() + " of " + target.url(), "check --url");
    }
    ByteBuffer request = encode(target, body);
    LoadSchedule schedule = LoadSchedule.startingNow(spec);
    List<EventLoop> eventLoops = new ArrayList<>();
    for (int i = 0; i < spec.threads(); i++) {
      eventLoops.add(
          new EventLoop(
              address,
              request,
              schedule.pacing(i),
              spec.timeout().toNanos(),
              schedule.connections(i)));
    }
    Pacer pacer = spec.mode() == LoadSpec.Mode.OPEN ? new Pacer(eventLoops) : null;
    if (pacer != null) {
      pacer.start();
    }
    try {
      return new LoadRun(listener, spec, schedule).execute(eventLoops, "loadtest", target.url());
    } finally {
      if (pacer != null) {
        pacer.stop();
      }
    }
  }

  /** The whole HTTP/1.1 request, encoded once and written as is for every request. */
  static ByteBuffer encode(Target target, byte[] body) {
    String head =
        "POST "
            + target.path()
            + " HTTP/1.1\r\n"
            + "Host: "
            + target.hostHeader()
            + "\r\n"
            + "User-Agent: "
            + USER_AGENT
            + "\r\n"
            + "Content-Type: application/json\r\n"
            + "Content-Length: "
            + body.length
            + "\r\n"
            + "\r\n";
    byte[] headBytes = head.getBytes(StandardCharsets.US_ASCII);
    ByteBuffer buffer = ByteBuffer.allocateDirect(headBytes.length + body.length);
    buffer.put(headBytes).put(body).flip();
    return buffer;
  }
}
