package dev.tfsdeploy.loadtest;

import dev.tfsdeploy.UserError;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** One result as people read it: a text table for the log, a Markdown table for the job summary. */
public final class ResultReport {
  private static final int SAMPLE_CHARS = 120;

  private ResultReport() {}

  /** Aligned text: what ran, throughput, latency percentiles, errors by kind. */
  public static String text(LoadResult result) {
    return table(result).text();
  }

  /** The same as a Markdown table, headed by the experiment when known. */
  public static String markdown(LoadResult result) {
    String title =
        "### Load test" + (result.experiment() == null ? "" : ": `" + result.experiment() + "`");
    return title + "\n\n" + table(result).markdown();
  }

  /** One line per worker: its share of the load and what it measured, as aligned text. */
  public static String workers(List<WorkerResult> workers) {
    return workerTable(workers).text();
  }

  /** The merged result's Markdown table, then the workers' one. */
  public static String markdown(LoadResult merged, List<WorkerResult> workers) {
    return markdown(merged) + "\n\n" + workerTable(workers).markdown();
  }

  private static TextTable workerTable(List<WorkerResult> workers) {
    TextTable table =
        new TextTable(
            List.of("worker", "load", "requests", "failed", "requests/s", "p50", "p99"),
            2,
            3,
            4,
            5,
            6);
    for (WorkerResult worker : workers) {
      LoadResult r = worker.result();
      boolean measured = r.successes() > 0;
      table.add(
          List.of(
              worker.name(),
              load(r),
              String.valueOf(r.requests()),
              String.valueOf(r.failures()),
              fixed(r.requestsPerSecond(), 1),
              measured ? ms(r.latency().p50()) : "-",
              measured ? ms(r.latency().p99()) : "-"));
    }
    return table;
  }

  private static TextTable table(LoadResult r) {
    TextTable table = new TextTable(List.of("measure", "value"));
    if (r.experiment() != null) {
      table.add(
          List.of(
              "experiment",
              r.experiment()
                  + (r.replicas() == null ? "" : " (" + plural(r.replicas(), "replica") + ")")));
    }
    table.add(List.of("url", r.url()));
    table.add(List.of("load", load(r)));
    table.add(
        List.of(
            "requests",
            r.requests() + " in " + fixed(r.seconds(), 1) + " s, " + r.failures() + " failed"));
    table.add(List.of("requests/s", fixed(r.requestsPerSecond(), 1) + " (successful)"));
    LoadResult.Latency l = r.latency();
    boolean measured = r.successes() > 0;
    table.add(List.of("latency p50", measured ? ms(l.p50()) : "-"));
    table.add(List.of("latency p90", measured ? ms(l.p90()) : "-"));
    table.add(List.of("latency p99", measured ? ms(l.p99()) : "-"));
    table.add(List.of("latency p99.9", measured ? ms(l.p999()) : "-"));
    table.add(List.of("latency max", measured ? ms(l.max()) : "-"));
    for (Map.Entry<String, Long> error : r.errors().entrySet()) {
      String sample = r.errorSamples().get(error.getKey());
      table.add(
          List.of(
              "error " + error.getKey(),
              error.getValue() + (sample == null ? "" : "  " + shorten(sample))));
    }
    if (r.errors().isEmpty()) {
      table.add(List.of("errors", "none"));
    }
    return table;
  }

  /** "closed loop, 16 connections" or "open loop, 500 requests/s (up to 64 connections)". */
  static String load(LoadResult r) {
    return r.rate() == null
        ? "closed loop, " + plural(r.concurrency(), "connection")
        : "open loop, "
            + fixed(r.rate(), r.rate() == Math.rint(r.rate()) ? 0 : 1)
            + " requests/s (up to "
            + plural(r.concurrency(), "connection")
            + ")";
  }

  public static String fixed(double value, int decimals) {
    return String.format(Locale.ROOT, "%." + decimals + "f", value);
  }

  private static String ms(double value) {
    return fixed(value, value < 10 ? 3 : value < 100 ? 2 : 1) + " ms";
  }

  private static String plural(int count, String noun) {
    return count + " " + noun + (count == 1 ? "" : "s");
  }

  private static String shorten(String sample) {
    String line = sample.replaceAll("\\s+", " ").strip();
    return line.length() <= SAMPLE_CHARS ? line : line.substring(0, SAMPLE_CHARS - 1) + "…";
  }

  /**
   * Why a run in which no request succeeded failed, as one line: the most frequent error kind, what
   * the server said about it, and what to check.
   */
  public static UserError noSuccess(LoadResult result) {
    String dominant =
        result.errors().entrySet().stream()
            .max(Map.Entry.comparingByValue())
            .map(Map.Entry::getKey)
            .orElse("");
    String sample =
        Optional.ofNullable(result.errorSamples().get(dominant))
            .map(text -> ": " + text.replaceAll("\\s+", " ").strip())
            .orElse("");
    String message =
        result.requests() == 0
            ? "no request was answered at " + result.url()
            : "no request succeeded at "
                + result.url()
                + " ("
                + dominant
                + " "
                + result.errors().get(dominant)
                + sample
                + ")";
    String fix =
        switch (dominant) {
          case ErrorKinds.CONNECT ->
              "check --url and that TF Serving is running and listening there";
          case ErrorKinds.TIMEOUT -> "raise --timeout, or lower --concurrency or --rate";
          case "http_404" ->
              "check --model-name: GET http://"
                  + URI.create(result.url()).getRawAuthority()
                  + "/v1/models/NAME tells whether a model is served";
          case "grpc_NOT_FOUND" -> "check --model-name: TF Serving serves no model of that name";
          case "http_400", "grpc_INVALID_ARGUMENT" ->
              "the request does not fit the model's signature: check --request, or use"
                  + " --from-signature";
          default -> "see the errors above";
        };
    return new UserError(message, fix);
  }
}
