package dev.tfsdeploy.loadtest;

import dev.tfsdeploy.UserError;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Several workers' results as one, exactly: counts and errors add up, the histograms are added
 * (HdrHistogram addition), so the percentiles are those of all samples together; the measured
 * window runs from the earliest start to the latest end, and the load is the sum of the shares.
 */
public final class ResultMerge {
  private ResultMerge() {}

  /** The merged result of {@code workers} (at least one, all measuring the same URL and mode). */
  public static LoadResult merge(List<WorkerResult> workers) {
    if (workers.isEmpty()) {
      throw new UserError("no results to merge", "pass the result files of the workers");
    }
    LoadResult first = workers.get(0).result();
    LatencyHistograms histograms = null;
    Instant started = first.started();
    Instant ended = end(first);
    long requests = 0;
    long successes = 0;
    int concurrency = 0;
    double rate = 0;
    Map<String, Long> errors = new LinkedHashMap<>();
    Map<String, String> samples = new LinkedHashMap<>();
    for (WorkerResult worker : workers) {
      LoadResult r = worker.result();
      requireSame(worker, "URL", first.url(), r.url());
      requireSame(worker, "load mode", first.mode(), r.mode());
      requireSame(worker, "experiment", first.experiment(), r.experiment());
      if (r.histograms() == null) {
        throw new UserError(
            "result " + worker.name() + " carries no latency histograms, so it cannot be merged",
            "rerun that worker with this version of tfs-deploy (its --json result holds them)");
      }
      histograms = histograms == null ? r.histograms() : histograms.plus(r.histograms());
      started = started.isBefore(r.started()) ? started : r.started();
      ended = ended.isAfter(end(r)) ? ended : end(r);
      requests += r.requests();
      successes += r.successes();
      concurrency += r.concurrency();
      rate += r.rate() == null ? 0 : r.rate();
      r.errors().forEach((kind, count) -> errors.merge(kind, count, Long::sum));
      r.errorSamples().forEach(samples::putIfAbsent);
    }
    double seconds = Duration.between(started, ended).toNanos() / 1e9;
    return new LoadResult(
        first.experiment(),
        first.replicas(),
        first.url(),
        first.mode(),
        concurrency,
        first.rate() == null ? null : rate,
        started,
        seconds,
        requests,
        successes,
        seconds > 0 ? successes / seconds : 0,
        LoadResult.Latency.of(Objects.requireNonNull(histograms).latency()),
        errors,
        samples,
        histograms);
  }

  /** The merged result with how well the workers kept their schedules (for a capacity step). */
  public static Measurement measurement(List<WorkerResult> workers) {
    LoadResult merged = merge(workers);
    return new Measurement(merged, merged.histograms().sentP99Ms());
  }

  private static Instant end(LoadResult result) {
    return result.started().plusNanos((long) (result.seconds() * 1e9));
  }

  private static void requireSame(WorkerResult worker, String what, Object expected, Object got) {
    if (!Objects.equals(expected, got)) {
      throw new UserError(
          "result "
              + worker.name()
              + " measured another "
              + what
              + " ("
              + got
              + ", the first result: "
              + expected
              + ")",
          "merge only the results of one run's workers");
    }
  }
}
