package dev.tfsdeploy.loadtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;
import static org.assertj.core.api.Assertions.within;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The generator's measurements against a TF Serving-like server whose latencies the tests inject:
 * what it reports must match what the server did.
 */
class LoadGeneratorTest {
  static final byte[] BODY = "{\"instances\": [[1.0]]}".getBytes(StandardCharsets.UTF_8);
  static final Duration TIMEOUT = Duration.ofSeconds(5);

  static LoadSpec closed(int connections, Duration duration, long requests, Duration warmup) {
    return new LoadSpec(
        LoadSpec.Mode.CLOSED, connections, 0, duration, requests, warmup, TIMEOUT, 2);
  }

  static LoadSpec open(double rate, int connections, Duration duration, long requests) {
    return new LoadSpec(
        LoadSpec.Mode.OPEN, connections, rate, duration, requests, Duration.ZERO, TIMEOUT, 2);
  }

  static LoadResult run(PredictServer server, LoadSpec spec) {
    return new LoadGenerator(LoadListener.NONE)
        .run(Target.of(server.url(), "half_plus_two"), BODY, spec);
  }

  @Test
  void percentilesMatchTheInjectedLatencyDistribution() {
    // 80% of requests take 5 ms, 20% take 50 ms.
    try (PredictServer server =
        new PredictServer("half_plus_two").latency(i -> i % 5 == 4 ? 50 : 5)) {
      LoadResult result = run(server, closed(4, null, 300, Duration.ZERO));

      assertThat(result.requests()).isEqualTo(300);
      assertThat(result.successes()).isEqualTo(300);
      assertThat(result.errors()).isEmpty();
      LoadResult.Latency latency = result.latency();
      assertThat(latency.p50()).isBetween(5.0, 7.0);
      // The upper bounds leave room for a busy machine's scheduling delay (p99 was 61 ms once
      // under a parallel build); a wrong percentile is off by the 45 ms between the two latencies.
      assertThat(latency.p90()).isBetween(50.0, 60.0);
      assertThat(latency.p99()).isBetween(50.0, 75.0);
      assertThat(latency.mean()).isBetween(14.0, 17.0);
      // Four connections each completing one request per mean latency.
      assertThat(result.requestsPerSecond())
          .isCloseTo(4 / (latency.mean() / 1000), within(0.15 * 4 / (latency.mean() / 1000)));
    }
  }

  @Test
  void openLoopCountsAStallInEveryRequestItDelayed() {
    // 200 requests/s over 4 connections; the server pauses 500 ms at the 100th request: 4 requests
    // wait in the server, the ~96 others due during the pause wait to be sent. Each counts from
    // when it was due.
    try (PredictServer server =
        new PredictServer("half_plus_two").latency(i -> 2).stallOnce(100, 500)) {
      LoadResult result = run(server, open(200, 4, Duration.ofMillis(1500), 0));

      assertThat(result.errors()).isEmpty();
      assertThat(result.latency().max()).isGreaterThanOrEqualTo(480);
      assertThat(result.latency().p99()).isGreaterThanOrEqualTo(400);
      assertThat(result.latency().p90()).isGreaterThanOrEqualTo(250);
      assertThat(result.latency().p50()).isLessThan(20);
    }
  }

  @Test
  void closedLoopShowsTheSameStallOnlyInItsMaximum() {
    // The uncorrected view: only the 4 requests in flight wait; the others are simply not sent.
    try (PredictServer server =
        new PredictServer("half_plus_two").latency(i -> 2).stallOnce(100, 500)) {
      LoadResult result = run(server, closed(4, Duration.ofMillis(1500), 0, Duration.ZERO));

      assertThat(result.latency().max()).isGreaterThanOrEqualTo(480);
      assertThat(result.latency().p99()).isLessThan(100);
    }
  }

  @Test
  void openLoopSendsAtTheRequestedRate() {
    try (PredictServer server = new PredictServer("half_plus_two").latency(i -> 1)) {
      LoadResult result = run(server, open(400, 16, null, 400));

      assertThat(result.requests()).isEqualTo(400);
      assertThat(server.predictions()).isEqualTo(400);
      // Request 400 is due at 997.5 ms.
      assertThat(result.seconds()).isBetween(0.99, 1.1);
      assertThat(result.requestsPerSecond()).isBetween(360.0, 405.0);
      assertThat(result.rate()).isEqualTo(400.0);
    }
  }

  @Test
  void closedLoopSendsExactlyTheRequestedCount() {
    try (PredictServer server = new PredictServer("half_plus_two")) {
      LoadResult result = run(server, closed(8, null, 1000, Duration.ZERO));

      assertThat(result.requests()).isEqualTo(1000);
      assertThat(server.predictions()).isEqualTo(1000);
    }
  }

  @Test
  void warmupRequestsAreSentButNotMeasured() {
    // The first 40 requests are slow (a cold model); 4 connections get through them in ~500 ms.
    try (PredictServer server = new PredictServer("half_plus_two").latency(i -> i < 40 ? 50 : 2)) {
      LoadResult result = run(server, closed(4, null, 200, Duration.ofMillis(700)));

      assertThat(result.requests()).isEqualTo(200);
      // How many warmup calls fit in 700 ms depends on the machine's load; that some were sent does
      // not.
      assertThat(server.predictions()).isGreaterThan(200);
      // Were the 40 slow warmup calls measured, they would be 20% of 200 and p90 would be 50 ms;
      // p90,
      // not max, so that one call a busy machine delays cannot fail the test.
      assertThat(result.latency().p90()).isLessThan(40);
    }
  }

  @Test
  void stopsByItselfAtItsDurationWhenTheServerNeverAnswers() {
    try (PredictServer server = new PredictServer("half_plus_two").latency(i -> 3000)) {
      LoadSpec spec =
          new LoadSpec(
              LoadSpec.Mode.CLOSED,
              2,
              0,
              Duration.ofMillis(300),
              0,
              Duration.ZERO,
              Duration.ofMillis(400),
              2);
      long start = System.nanoTime();
      LoadResult result = run(server, spec);
      double seconds = (System.nanoTime() - start) / 1e9;

      assertThat(seconds).isLessThan(1.0);
      assertThat(result.successes()).isZero();
      assertThat(result.errors()).containsExactly(entry(ErrorKinds.TIMEOUT, 2L));
    }
  }

  @Test
  void openLoopStopsByItselfWhenTheServerHangs() {
    // One connection and a server that holds every request 3 s: due requests queue behind it, and
    // each one times out 300 ms after its intended time, sent or not.
    try (PredictServer server = new PredictServer("half_plus_two").latency(i -> 3000)) {
      LoadSpec spec =
          new LoadSpec(
              LoadSpec.Mode.OPEN, 1, 50, null, 20, Duration.ZERO, Duration.ofMillis(300), 1);
      long start = System.nanoTime();
      LoadResult result = run(server, spec);
      double seconds = (System.nanoTime() - start) / 1e9;

      assertThat(seconds).isLessThan(1.5);
      assertThat(result.requests()).isEqualTo(20);
      assertThat(result.errors()).containsExactly(entry(ErrorKinds.TIMEOUT, 20L));
    }
  }
}
