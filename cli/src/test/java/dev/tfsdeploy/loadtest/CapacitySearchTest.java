package dev.tfsdeploy.loadtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.tfsdeploy.UserError;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The capacity search against a simulated TF Serving whose capacity is known: c workers taking s
 * each, requests queueing FIFO, so the capacity is c / s and latency grows with the queue above it.
 * Steps are short (1.5 s) and rates at most 400 requests/s, so each search takes seconds.
 */
class CapacitySearchTest {
  private static final Duration STEP = Duration.ofMillis(1500);
  private static final Duration TIMEOUT = Duration.ofSeconds(5);
  private static final double TOLERANCE = 0.1;

  /** Before the first step: connections, threads and JIT warm, so it measures the server. */
  private static final Duration WARMUP = Duration.ofSeconds(1);

  static CapacityRequest request(
      Duration slo, double maxErrorRate, double startRate, double maxRate, Integer connections) {
    return new CapacityRequest(
        slo,
        maxErrorRate,
        startRate,
        STEP,
        TOLERANCE,
        Duration.ofMinutes(1),
        maxRate,
        connections,
        WARMUP,
        TIMEOUT,
        2);
  }

  static CapacityResult search(PredictServer server, CapacityRequest request) {
    Target target = Target.of(server.url(), "half_plus_two");
    LoadGenerator generator = new LoadGenerator(LoadListener.NONE);
    return new CapacitySearch(
            spec -> generator.measure(target, LoadGeneratorTest.BODY, spec),
            CapacitySearch.StepListener.NONE)
        .find(request, target.url());
  }

  @ParameterizedTest(name = "{0} workers x {1} ms")
  @CsvSource({"4, 20", "8, 40", "3, 10"})
  void findsTheCapacityOfFifoWorkersWithinTheTolerance(int workers, int serviceMillis) {
    FifoWorkers fifo = new FifoWorkers(workers, Duration.ofMillis(serviceMillis));
    double capacity = fifo.capacity();
    try (PredictServer server = new PredictServer("half_plus_two").queueing(fifo)) {
      CapacityResult result =
          search(
              server,
              request(Duration.ofMillis(serviceMillis + 150), 0.01, capacity * 0.3, 400, null));

      assertThat(result.limit()).isEqualTo(CapacityResult.Limit.SLO_P99);
      assertThat(result.capacity()).isPresent();
      assertThat(result.capacity().get().rate()).isCloseTo(capacity, within(TOLERANCE * capacity));
      assertThat(result.capacity().get().result().latency().p99())
          .isLessThanOrEqualTo(serviceMillis + 150);
      for (CapacityStep step : result.steps()) {
        if (step.verdict() == CapacityStep.Verdict.HOLDS) {
          assertThat(step.rate()).isLessThanOrEqualTo(capacity * (1 + TOLERANCE));
        } else {
          assertThat(step.verdict()).isEqualTo(CapacityStep.Verdict.SLO_P99);
          assertThat(step.rate()).isGreaterThanOrEqualTo(capacity * (1 - TOLERANCE));
        }
      }
    }
  }

  @Test
  void aServerThatRefusesAboveSomeRateIsCappedByTheErrorBound() {
    // 4 workers x 20 ms with room for three requests in the queue: above 200 requests/s the queue
    // overflows and the excess is refused with 503, while the latency stays near 20 ms.
    FifoWorkers fifo = new FifoWorkers(4, Duration.ofMillis(20), 3);
    try (PredictServer server = new PredictServer("half_plus_two").queueing(fifo)) {
      CapacityResult result = search(server, request(Duration.ofSeconds(1), 0.01, 60, 400, null));

      assertThat(result.limit()).isEqualTo(CapacityResult.Limit.ERROR_RATE);
      assertThat(result.capacity().get().rate()).isCloseTo(200, within(TOLERANCE * 200));
      CapacityStep broke =
          result.steps().stream()
              .filter(step -> step.verdict() == CapacityStep.Verdict.ERROR_RATE)
              .findFirst()
              .orElseThrow();
      assertThat(broke.result().errors()).containsOnlyKeys("http_503");
    }
  }

  @Test
  void aGeneratorShortOfConnectionsIsTheLimitAndNoCapacityIsReported() {
    // The server could take 3,200 requests/s, but two connections carry at most 2 / 20 ms = 100:
    // above that, requests wait in the generator for a connection, not in the server.
    FifoWorkers fifo = new FifoWorkers(64, Duration.ofMillis(20));
    try (PredictServer server = new PredictServer("half_plus_two").queueing(fifo)) {
      CapacityResult result = search(server, request(Duration.ofMillis(150), 0.01, 40, 400, 2));

      assertThat(result.limit()).isEqualTo(CapacityResult.Limit.GENERATOR);
      assertThat(result.capacity()).isEmpty();
      CapacityStep last = result.steps().get(result.steps().size() - 1);
      assertThat(last.verdict()).isEqualTo(CapacityStep.Verdict.GENERATOR);
      assertThat(last.result().latency().p99()).isGreaterThan(150);
      assertThat(last.measurement().sentP99Ms()).isLessThanOrEqualTo(150);
    }
  }

  @Test
  void aServerFasterThanTheRateCeilingHasNoCapacityButItsHighestRate() {
    FifoWorkers fifo = new FifoWorkers(16, Duration.ofMillis(2));
    try (PredictServer server = new PredictServer("half_plus_two").queueing(fifo)) {
      CapacityResult result = search(server, request(Duration.ofMillis(200), 0.01, 50, 150, null));

      assertThat(result.limit()).isEqualTo(CapacityResult.Limit.MAX_RATE);
      assertThat(result.capacity()).isEmpty();
      assertThat(result.steps()).extracting(CapacityStep::rate).containsExactly(50.0, 100.0, 150.0);
      assertThat(result.highestHolding().get().rate()).isEqualTo(150.0);
    }
  }

  @Test
  void aStartRateAboveTheCapacityIsHalvedUntilOneHolds() {
    FifoWorkers fifo = new FifoWorkers(2, Duration.ofMillis(20));
    try (PredictServer server = new PredictServer("half_plus_two").queueing(fifo)) {
      CapacityResult result = search(server, request(Duration.ofMillis(170), 0.01, 200, 400, null));

      assertThat(result.steps().get(0).verdict()).isNotEqualTo(CapacityStep.Verdict.HOLDS);
      assertThat(result.capacity().get().rate()).isCloseTo(100, within(TOLERANCE * 100));
    }
  }

  @Test
  void theTimeLimitEndsTheSearchBeforeAStepCouldOverrunIt() {
    // Each step may take its 1.5 s plus the 3 s timeout: a 5.5 s limit leaves room for a step or
    // two of the many a search up to 400 requests/s would run.
    FifoWorkers fifo = new FifoWorkers(16, Duration.ofMillis(2));
    try (PredictServer server = new PredictServer("half_plus_two").queueing(fifo)) {
      Duration limit = Duration.ofMillis(5500);
      CapacityRequest request =
          new CapacityRequest(
              Duration.ofMillis(50),
              0.01,
              20,
              STEP,
              TOLERANCE,
              limit,
              400,
              null,
              Duration.ZERO,
              Duration.ofSeconds(3),
              2);
      long start = System.nanoTime();
      CapacityResult result = search(server, request);

      assertThat(result.limit()).isEqualTo(CapacityResult.Limit.TIME_LIMIT);
      assertThat(result.steps()).hasSizeBetween(1, 2);
      assertThat(result.capacity()).isEmpty();
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(limit);
    }
  }

  @Test
  void anAddressNothingListensOnIsAOneLineErrorNotACapacity() throws IOException {
    int port;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    Target target = Target.of("http://127.0.0.1:" + port, "half_plus_two");
    LoadGenerator generator = new LoadGenerator(LoadListener.NONE);
    CapacitySearch search =
        new CapacitySearch(
            spec -> generator.measure(target, LoadGeneratorTest.BODY, spec),
            CapacitySearch.StepListener.NONE);

    assertThatThrownBy(
            () -> search.find(request(Duration.ofMillis(50), 0.01, 20, 400, null), target.url()))
        .isInstanceOf(UserError.class)
        .hasMessageContaining("no request succeeded")
        .hasMessageContaining("connect");
  }
}
