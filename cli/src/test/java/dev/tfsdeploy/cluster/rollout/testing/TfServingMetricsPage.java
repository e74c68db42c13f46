package dev.tfsdeploy.cluster.rollout.testing;

import java.util.Locale;

/**
 * The Prometheus page TF Serving serves when its monitoring config enables it, for one model, as
 * tensorflow_serving/util/prometheus_exporter.cc writes it: {@code # TYPE} lines, labels in the
 * metric's declaration order, {@code request_latency} buckets Exponential(10, 1.8, 33) in
 * microseconds printed with six significant digits, the last one {@code +Inf}. Counters only grow,
 * by the traffic a test says arrived between scrapes.
 */
final class TfServingMetricsPage {
  static final String PATH = "/monitoring/prometheus/metrics";
  private static final int BUCKETS = 33;

  private final String model;
  private final long[] buckets = new long[BUCKETS];
  private long ok;
  private long failed;
  private double sumMicros;
  private long okPerScrape;
  private long failedPerScrape;
  private long latencyMicros = 1000;

  TfServingMetricsPage(String model) {
    this.model = model;
  }

  synchronized void trafficPerScrape(long ok, long failed, long latencyMicros) {
    this.okPerScrape = ok;
    this.failedPerScrape = failed;
    this.latencyMicros = latencyMicros;
  }

  synchronized String scrape() {
    long arrived = okPerScrape + failedPerScrape;
    ok += okPerScrape;
    failed += failedPerScrape;
    buckets[bucketOf(latencyMicros)] += arrived;
    sumMicros += (double) arrived * latencyMicros;
    StringBuilder page = new StringBuilder();
    page.append("# TYPE :tensorflow:serving:request_count counter\n");
    count(page, "OK", ok);
    if (failed > 0) {
      count(page, "UNAVAILABLE", failed);
    }
    page.append("# TYPE :tensorflow:serving:request_latency histogram\n");
    String labels = "model_name=\"" + model + "\",API=\"predict\",entrypoint=\"REST\"";
    long cumulative = 0;
    for (int i = 0; i < BUCKETS; i++) {
      cumulative += buckets[i];
      String le = i < BUCKETS - 1 ? sixDigits(bound(i)) : "+Inf";
      page.append(":tensorflow:serving:request_latency_bucket{")
          .append(labels)
          .append(",le=\"")
          .append(le)
          .append("\"} ")
          .append(cumulative)
          .append('\n');
    }
    page.append(":tensorflow:serving:request_latency_sum{")
        .append(labels)
        .append("} ")
        .append(sixDigits(sumMicros))
        .append('\n');
    page.append(":tensorflow:serving:request_latency_count{")
        .append(labels)
        .append("} ")
        .append(cumulative)
        .append('\n');
    return page.toString();
  }

  private void count(StringBuilder page, String status, long value) {
    page.append(":tensorflow:serving:request_count{model_name=\"")
        .append(model)
        .append("\",status=\"")
        .append(status)
        .append("\"} ")
        .append(value)
        .append('\n');
  }

  private static double bound(int i) {
    return 10 * Math.pow(1.8, i);
  }

  private static int bucketOf(long micros) {
    for (int i = 0; i < BUCKETS - 1; i++) {
      if (micros <= bound(i)) {
        return i;
      }
    }
    return BUCKETS - 1;
  }

  /** absl::StrCat's rendering of a double: %g with six significant digits. */
  private static String sixDigits(double value) {
    String text = String.format(Locale.ROOT, "%.6g", value);
    if (text.contains("e")) {
      String[] parts = text.split("e");
      return stripZeros(parts[0]) + "e" + parts[1];
    }
    return stripZeros(text);
  }

  private static String stripZeros(String number) {
    return number.contains(".") ? number.replaceAll("0+$", "").replaceAll("\\.$", "") : number;
  }
}
