package dev.tfsdeploy.actions;

import dev.tfsdeploy.text.Bytes;
import java.time.Clock;
import java.util.Locale;

/**
 * Shows how far a long transfer has come: a bar redrawn in place on a terminal, a line every few
 * seconds in CI logs (where carriage returns make unreadable logs).
 */
public final class ProgressMeter {
  private static final long LINE_INTERVAL_MILLIS = 5_000;
  private static final long BAR_INTERVAL_MILLIS = 100;
  private static final int BAR_WIDTH = 30;

  private final Console console;
  private final String label;
  private final long total;
  private final Clock clock;
  private final long startMillis;
  private long lastShownMillis;

  public ProgressMeter(Console console, String label, long total, Clock clock) {
    this.console = console;
    this.label = label;
    this.total = total;
    this.clock = clock;
    this.startMillis = clock.millis();
    this.lastShownMillis = startMillis;
  }

  public ProgressMeter(Console console, String label, long total) {
    this(console, label, total, Clock.systemUTC());
  }

  /** Reports that {@code done} units (bytes) are complete; cheap to call often. */
  public synchronized void update(long done) {
    long now = clock.millis();
    long interval = console.isInteractive() ? BAR_INTERVAL_MILLIS : LINE_INTERVAL_MILLIS;
    if (now - lastShownMillis < interval) {
      return;
    }
    lastShownMillis = now;
    show(done, now, false);
  }

  /** Prints the final state once. */
  public synchronized void finish(long done) {
    show(done, clock.millis(), true);
  }

  private void show(long done, long now, boolean last) {
    String amount =
        total > 0 ? Bytes.format(done) + " / " + Bytes.format(total) : Bytes.format(done);
    double seconds = Math.max(0.001, (now - startMillis) / 1000.0);
    String rate = Bytes.format((long) (done / seconds)) + "/s";
    if (console.isInteractive()) {
      String bar = total > 0 ? bar(done) + " " : "";
      console.rawErr("\r" + label + " " + bar + amount + " " + rate + "   " + (last ? "\n" : ""));
    } else {
      String percent = total > 0 ? String.format(Locale.ROOT, " (%d%%)", done * 100 / total) : "";
      console.info(label + ": " + amount + percent + ", " + rate);
    }
  }

  private String bar(long done) {
    int filled = (int) Math.min(BAR_WIDTH, done * BAR_WIDTH / total);
    return "[" + "#".repeat(filled) + " ".repeat(BAR_WIDTH - filled) + "]";
  }
}
