package dev.tfsdeploy.image;

import java.io.OutputStream;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.commons.io.output.ProxyOutputStream;

/**
 * Progress of work measured in bytes (the stored layers written, then uploaded), reported as its
 * {@code share} of the whole build; Jib's own progress takes over from there.
 */
final class ByteProgress {
  private final MonotonicProgress progress;
  private final double share;
  private final long totalBytes;
  private final AtomicLong done = new AtomicLong();

  ByteProgress(MonotonicProgress progress, double share, long totalBytes) {
    this.progress = progress;
    this.share = share;
    this.totalBytes = Math.max(1, totalBytes);
  }

  void add(long bytes) {
    progress.report(share * Math.min(1.0, (double) done.addAndGet(bytes) / totalBytes));
  }

  /** {@code out}, counting what goes through it. */
  OutputStream counting(OutputStream out) {
    return new ProxyOutputStream(out) {
      @Override
      protected void afterWrite(int n) {
        add(n);
      }
    };
  }
}
