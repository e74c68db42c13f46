package dev.tfsdeploy.release;

import java.time.Duration;

/**
 * What a download reports as it goes; the CLI turns these into log lines and a progress bar. Every
 * method has an empty default, so a listener implements only what it shows.
 */
public interface DownloadListener {
  DownloadListener NONE = new DownloadListener() {};

  /** The release the asset comes from was found. */
  default void releaseFound(RepositoryName repo, Release release) {}

  /** The transfer of {@code asset} begins. */
  default void downloadStarted(ReleaseAsset asset) {}

  /** {@code done} of {@code total} bytes are on disk; called often, so keep it cheap. */
  default void progress(long done, long total) {}

  /** A call failed transiently; the next attempt follows after {@code delay}. */
  default void retrying(String reason, Duration delay, int nextAttempt, int maxAttempts) {}

  /** After a dropped connection the server agreed to send the rest from {@code offset}. */
  default void resumed(long offset) {}

  /** The server could not resume, so the transfer starts over from byte 0. */
  default void restarted(String reason) {}

  /** The file is complete, verified and in place. */
  default void downloadFinished(DownloadedAsset asset) {}
}
