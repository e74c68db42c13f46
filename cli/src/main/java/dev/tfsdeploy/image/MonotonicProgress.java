package dev.tfsdeploy.image;

/**
 * Forwards build progress only when it grows. Jib reports progress from several worker threads, so
 * updates can arrive out of order; a progress bar must never step back.
 */
final class MonotonicProgress {
  private final ImageBuildListener listener;
  private double reported = -1;

  MonotonicProgress(ImageBuildListener listener) {
    this.listener = listener;
  }

  synchronized void report(double fraction) {
    if (fraction > reported) {
      reported = fraction;
      listener.progress(fraction);
    }
  }
}
