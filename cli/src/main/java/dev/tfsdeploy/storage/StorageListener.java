package dev.tfsdeploy.storage;

import dev.tfsdeploy.release.DownloadListener;
import java.time.Duration;

/** What a Cloud Storage download reports as it goes; every method has an empty default. */
public interface StorageListener {
  StorageListener NONE = new StorageListener() {};

  /** The objects to download were found: {@code objects} of them, {@code bytes} in all. */
  default void started(String what, int objects, long bytes) {}

  /** {@code done} of the bytes announced by {@link #started} are on disk; called often. */
  default void progress(long done) {}

  /** A call failed transiently; the next attempt follows after {@code delay}. */
  default void retrying(String reason, Duration delay, int nextAttempt, int maxAttempts) {}

  /** Everything is on disk and verified ({@code verified} says against what). */
  default void finished(long bytes, String verified) {}

  /** This listener's retry announcements in the form the release package's retries make them. */
  default DownloadListener forRetries() {
    StorageListener self = this;
    return new DownloadListener() {
      @Override
      public void retrying(String reason, Duration delay, int nextAttempt, int maxAttempts) {
        self.retrying(reason, delay, nextAttempt, maxAttempts);
      }
    };
  }
}
