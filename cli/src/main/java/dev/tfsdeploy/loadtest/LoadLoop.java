package dev.tfsdeploy.loadtest;

/**
 * One thread's share of a load test (HTTP connections or gRPC calls): it runs until its pacing
 * allows no more requests and none is in flight, or until it is aborted.
 */
interface LoadLoop extends Runnable {
  /** What it measured; read once it has ended (its progress counts at any time). */
  Recorder recorder();

  /** What stopped it early, if anything did (a bug, not a failed request). */
  Exception failure();

  /** Stops it soon, whatever is in flight. */
  void abort();
}
