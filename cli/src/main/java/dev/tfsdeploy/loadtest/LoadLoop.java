package dev.tfsdeploy.loadtest;

/**
 * One thread's share of a load test (HTTP connections or gRPC calls): it runs until its pacing
 * allows no more requests and none is in flight, or until it is aborted. It alone writes its
 * recorder; the run reads it once the loop has ended (its progress counts at any time).
 */
abstract class LoadLoop implements Runnable {
  protected final Recorder recorder = new Recorder();
  protected volatile boolean aborted;

  /**
   * What stopped the loop early, if anything did (a bug or a broken selector, not a failed
   * request).
   */
  protected volatile Exception failure;

  final Recorder recorder() {
    return recorder;
  }

  final Exception failure() {
    return failure;
  }

  /** Stops the loop soon, whatever is in flight (only when a run overstays its bound). */
  void abort() {
    aborted = true;
  }
}
