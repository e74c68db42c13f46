package dev.tfsdeploy.loadtest;

/** What a running load test reports; the CLI shows it, tests may ignore it. */
public interface LoadListener {
  /** Nothing is reported. */
  LoadListener NONE = progress -> {};

  /** Called about once a second from the thread that started the run. */
  void progress(Progress progress);

  /**
   * How far a run has come.
   *
   * @param elapsedSeconds since the run started (warmup included)
   * @param boundSeconds the longest the run can take
   * @param measuring false during warmup
   * @param successes measured requests answered with 2xx so far
   * @param failures measured requests that failed so far
   */
  record Progress(
      double elapsedSeconds,
      double boundSeconds,
      boolean measuring,
      long successes,
      long failures) {}
}
