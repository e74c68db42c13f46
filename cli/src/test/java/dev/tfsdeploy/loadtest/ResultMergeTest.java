package dev.tfsdeploy.loadtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tfsdeploy.UserError;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

/** Workers' results merge into the result one generator would have measured. */
class ResultMergeTest {
  private static final Instant START = Instant.parse("2026-01-02T03:04:05Z");

  /** A worker's result whose successful requests took {@code micros}. */
  static LoadResult worker(long[] micros, Instant started, double seconds, long failures) {
    Histogram latency = histogram();
    Histogram sent = histogram();
    for (long value : micros) {
      latency.recordValue(value);
      sent.recordValue(Math.max(1, value / 2));
    }
    return new LoadResult(
        null,
        null,
        "http://tfs.serving.svc.cluster.local:8501/v1/models/m:predict",
        "open",
        25,
        100.0,
        started,
        seconds,
        micros.length + failures,
        micros.length,
        micros.length / seconds,
        LoadResult.Latency.of(latency),
        failures == 0 ? Map.of() : Map.of("timeout", failures),
        failures == 0 ? Map.of() : Map.of("timeout", "worker " + started),
        new LatencyHistograms(latency, sent));
  }

  static Histogram histogram() {
    return new Histogram(TimeUnit.HOURS.toMicros(2), 3);
  }

  /** Latencies of three shapes: fast, slow, and fast with a long tail. */
  private static List<long[]> samples() {
    Random random = new Random(14);
    List<long[]> workers = new ArrayList<>();
    workers.add(random.longs(5000, 2_000, 4_000).toArray());
    workers.add(random.longs(3000, 40_000, 90_000).toArray());
    workers.add(
        random.longs(4000, 1_000, 400_000).map(v -> v % 10 == 0 ? v * 20 : v / 50).toArray());
    return workers;
  }

  @Test
  void percentilesAreThoseOfOneHistogramFedEverySample() {
    List<long[]> samples = samples();
    Histogram all = histogram();
    List<WorkerResult> workers = new ArrayList<>();
    for (int i = 0; i < samples.size(); i++) {
      workers.add(new WorkerResult("worker-" + i, worker(samples.get(i), START, 10, 0)));
      for (long value : samples.get(i)) {
        all.recordValue(value);
      }
    }

    LoadResult merged = ResultMerge.merge(workers);

    assertThat(merged.latency()).isEqualTo(LoadResult.Latency.of(all));
    assertThat(merged.histograms().latency()).isEqualTo(all);
    // Averaging the workers' p99s, the shortcut the merge must not take, is far off.
    double averageP99 =
        workers.stream().mapToDouble(w -> w.result().latency().p99()).average().orElseThrow();
    assertThat(Math.abs(averageP99 - merged.latency().p99()))
        .isGreaterThan(merged.latency().p99() / 4);
  }

  @Test
  void countsErrorsAndLoadAddUp() {
    List<long[]> samples = samples();
    List<WorkerResult> workers =
        List.of(
            new WorkerResult("a", worker(samples.get(0), START, 10, 3)),
            new WorkerResult("b", worker(samples.get(1), START.plusMillis(200), 10, 0)),
            new WorkerResult("c", worker(samples.get(2), START.plusMillis(100), 10.5, 4)));

    LoadResult merged = ResultMerge.merge(workers);

    assertThat(merged.successes()).isEqualTo(12_000);
    assertThat(merged.requests()).isEqualTo(12_007);
    assertThat(merged.errors()).containsExactlyEntriesOf(Map.of("timeout", 7L));
    assertThat(merged.errorSamples()).containsEntry("timeout", "worker " + START);
    assertThat(merged.rate()).isEqualTo(300.0);
    assertThat(merged.concurrency()).isEqualTo(75);
    // From the earliest start to the latest end (10.6 s after it).
    assertThat(merged.started()).isEqualTo(START);
    assertThat(merged.seconds()).isEqualTo(10.6);
    assertThat(merged.requestsPerSecond()).isEqualTo(12_000 / 10.6);
  }

  @Test
  void theSendP99ComesFromTheMergedSendHistogram() {
    List<long[]> samples = samples();
    Histogram sent = histogram();
    samples.forEach(s -> java.util.Arrays.stream(s).forEach(v -> sent.recordValue(v / 2)));
    List<WorkerResult> workers = new ArrayList<>();
    for (long[] s : samples) {
      workers.add(new WorkerResult("w", worker(s, START, 10, 0)));
    }

    Measurement measurement = ResultMerge.measurement(workers);

    assertThat(measurement.sentP99Ms()).isEqualTo(sent.getValueAtPercentile(99) / 1000.0);
  }

  @Test
  void refusesResultsOfAnotherUrl() {
    LoadResult a = worker(samples().get(0), START, 10, 0);
    LoadResult b = ResultFilesTest.result(null, 1);

    assertThatThrownBy(
            () -> ResultMerge.merge(List.of(new WorkerResult("a", a), new WorkerResult("b", b))))
        .isInstanceOf(UserError.class)
        .hasMessageStartingWith("result b measured another URL (http://127.0.0.1:8501/");
  }

  @Test
  void refusesAResultWithoutHistograms() {
    LoadResult old = ResultFilesTest.result(null, 1);

    assertThatThrownBy(() -> ResultMerge.merge(List.of(new WorkerResult("old.json", old))))
        .isInstanceOf(UserError.class)
        .hasMessage("result old.json carries no latency histograms, so it cannot be merged");
  }
}
