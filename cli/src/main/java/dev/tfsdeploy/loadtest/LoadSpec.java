package dev.tfsdeploy.loadtest;

import java.math.BigDecimal;
import java.time.Duration;

/**
 * How much load, for how long.
 *
 * @param mode closed loop (a fixed number of connections, each sending its next request when the
 *     previous one is answered) or open loop (requests at a constant rate, whatever the answers do)
 * @param connections closed loop: the concurrency; open loop: the most connections open at once
 *     (requests due while all are busy wait, and their waiting counts in their latency)
 * @param rate open loop: requests per second; 0 in closed loop
 * @param duration how long to measure, or null when {@code requests} bounds the run
 * @param requests how many requests to measure, or 0 when {@code duration} bounds the run
 * @param warmup load before measuring, excluded from the results
 * @param timeout how long a request may take (in open loop, counted from its intended send time)
 * @param threads event-loop threads sharing the connections
 */
public record LoadSpec(
    Mode mode,
    int connections,
    double rate,
    Duration duration,
    long requests,
    Duration warmup,
    Duration timeout,
    int threads) {

  /** Closed or open loop. */
  public enum Mode {
    CLOSED,
    OPEN;

    public String label() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  public LoadSpec {
    if (connections < 1) {
      throw new IllegalArgumentException("connections must be positive");
    }
    if (mode == Mode.OPEN && !(rate > 0 && Double.isFinite(rate))) {
      throw new IllegalArgumentException("an open loop needs a positive rate");
    }
    if ((duration == null) == (requests <= 0)) {
      throw new IllegalArgumentException("exactly one of duration and requests bounds a run");
    }
    if (duration != null && (duration.isNegative() || duration.isZero())) {
      throw new IllegalArgumentException("duration must be positive");
    }
    if (warmup.isNegative() || timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException(
          "warmup must not be negative and timeout must be positive");
    }
    threads = Math.max(1, Math.min(threads, connections));
  }

  /** "closed loop, 8 connections, for 30s after 5s of warmup, timeout 10s", for logs. */
  public String describe() {
    String load =
        mode == Mode.OPEN
            ? "open loop, "
                + BigDecimal.valueOf(rate).stripTrailingZeros().toPlainString()
                + " requests/s (up to "
                + connections
                + " connections)"
            : "closed loop, " + connections + " connections";
    String bound = duration != null ? "for " + text(duration) : requests + " requests";
    return load
        + ", "
        + bound
        + (warmup.isZero() ? "" : " after " + text(warmup) + " of warmup")
        + ", timeout "
        + text(timeout);
  }

  private static String text(Duration value) {
    return value.toMillis() % 1000 == 0 ? value.toSeconds() + "s" : value.toMillis() + "ms";
  }

  /** The longest a run can take: warmup, the measured part, then the last requests' timeout. */
  public Duration bound() {
    Duration measured =
        duration != null
            ? duration
            : mode == Mode.OPEN ? Duration.ofNanos((long) Math.ceil(requests * 1e9 / rate)) : null;
    // A closed loop bounded by a request count has no time bound of its own: each request still
    // ends within its timeout, so the run ends after at most requests * timeout / connections.
    if (measured == null) {
      measured = timeout.multipliedBy((requests + connections - 1) / connections);
    }
    return warmup.plus(measured).plus(timeout);
  }
}
