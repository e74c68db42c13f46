package dev.tfsdeploy.release;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import okhttp3.Call;

/**
 * Cancels a download whose bytes stop coming, so the retry loop can resume it. It stands in for
 * OkHttp's read timeout on the asset transfer: that timeout is armed and disarmed on every 8 KiB
 * read through a shared watchdog thread, which on a fast link costs more CPU than the transfer
 * itself. Here a read only stores a timestamp, and a timer looks at it a few times per limit.
 */
final class StallWatchdog implements AutoCloseable {
  private final long limitNanos;
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(
          task -> {
            Thread thread = new Thread(task, "download-stall-watchdog");
            thread.setDaemon(true);
            return thread;
          });
  private volatile Call call;
  private volatile long lastProgress = System.nanoTime();

  @SuppressWarnings("FutureReturnValueIgnored") // the check runs until close() stops the timer
  StallWatchdog(Duration limit) {
    this.limitNanos = limit.toNanos();
    long period = Math.max(1, limit.toMillis() / 4);
    timer.scheduleAtFixedRate(this::check, period, period, TimeUnit.MILLISECONDS);
  }

  /** Watches {@code call} from now on, in place of any earlier one. */
  void watch(Call call) {
    lastProgress = System.nanoTime();
    this.call = call;
  }

  /** Bytes arrived. */
  void progressed() {
    lastProgress = System.nanoTime();
  }

  private void check() {
    Call watched = call;
    if (watched != null && System.nanoTime() - lastProgress > limitNanos) {
      // The blocked read fails with an IOException, which the download treats as a lost connection.
      watched.cancel();
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
