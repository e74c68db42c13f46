package dev.tfsdeploy.release;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

/**
 * How long and how often to retry a failing call: exponential backoff with jitter, bounded both in
 * attempts and in total waiting. Time is injected (clock, sleeper, randomness) so tests run the
 * real policy without waiting.
 */
public final class RetryPolicy {
  /** Waits; tests record the wait instead of sleeping. */
  @FunctionalInterface
  public interface Sleeper {
    void sleep(Duration duration) throws InterruptedException;
  }

  private final int maxAttempts;
  private final Duration initialDelay;
  private final Duration maxDelay;
  private final Duration maxTotalWait;
  private final Clock clock;
  private final Sleeper sleeper;
  private final DoubleSupplier random;

  /**
   * @param maxAttempts attempts per operation, the first one included
   * @param initialDelay the backoff before the first retry; doubles with each further retry
   * @param maxDelay the longest single backoff
   * @param maxTotalWait the most one operation waits in all, server-requested waits included
   * @param random values in [0, 1) spreading the backoff, so many clients do not retry in step
   */
  public RetryPolicy(
      int maxAttempts,
      Duration initialDelay,
      Duration maxDelay,
      Duration maxTotalWait,
      Clock clock,
      Sleeper sleeper,
      DoubleSupplier random) {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1");
    }
    this.maxAttempts = maxAttempts;
    this.initialDelay = initialDelay;
    this.maxDelay = maxDelay;
    this.maxTotalWait = maxTotalWait;
    this.clock = clock;
    this.sleeper = sleeper;
    this.random = random;
  }

  /** Six attempts, backoff 1 s doubling up to 30 s, at most 5 minutes of waiting in all. */
  public static RetryPolicy standard() {
    return new RetryPolicy(
        6,
        Duration.ofSeconds(1),
        Duration.ofSeconds(30),
        Duration.ofMinutes(5),
        Clock.systemUTC(),
        duration -> Thread.sleep(duration.toMillis()),
        () -> ThreadLocalRandom.current().nextDouble());
  }

  /** A fresh budget for one operation (one API call, one whole download). */
  Retries start(DownloadListener listener) {
    return new Retries(this, listener, null);
  }

  /**
   * A fresh budget for one operation against another service than GitHub.
   *
   * @param gaveUpFix what to tell the user when the budget is spent
   */
  public Retries start(DownloadListener listener, String gaveUpFix) {
    return new Retries(this, listener, gaveUpFix);
  }

  int maxAttempts() {
    return maxAttempts;
  }

  Duration maxTotalWait() {
    return maxTotalWait;
  }

  Clock clock() {
    return clock;
  }

  Sleeper sleeper() {
    return sleeper;
  }

  /**
   * The backoff before retry number {@code retry} (1 for the first retry): {@code initialDelay *
   * 2^(retry-1)}, capped at {@code maxDelay}, of which a random part up to half is taken off.
   */
  Duration backoff(int retry) {
    long ceiling = initialDelay.toMillis() << Math.min(retry - 1, 30);
    long capped = Math.min(Math.max(ceiling, 0), maxDelay.toMillis());
    return Duration.ofMillis(capped / 2 + (long) (random.getAsDouble() * (capped - capped / 2)));
  }
}
