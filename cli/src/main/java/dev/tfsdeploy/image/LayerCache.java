package dev.tfsdeploy.image;

import dev.tfsdeploy.UserError;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.commons.io.FileUtils;

/**
 * A private, temporary home for the compressed model layers of one build, and the threads that
 * write them; closing deletes the directory.
 *
 * <p>Jib's default is one shared directory under the system temp directory that is never cleaned
 * and that finds a layer again by its files' paths and modification times, not their content: a new
 * release extracted to the same place with the same (say, archive-fixed) timestamps would be served
 * the previous release's layer. A fresh directory per build makes that impossible; layers the
 * registry already has are still never uploaded again (that check is by digest).
 */
final class LayerCache implements AutoCloseable {
  /**
   * After a failure Jib may still be compressing a layer it cannot be told to stop; wait a little
   * for it, but do not hold the error back for minutes on a large model.
   */
  private static final long DRAIN_SECONDS = 3;

  private final Path directory;
  private final ExecutorService executor =
      Executors.newCachedThreadPool(task -> daemon(task, "jib-worker"));
  private final ExecutorService cpuBound =
      Executors.newFixedThreadPool(
          Runtime.getRuntime().availableProcessors(), task -> daemon(task, "layer-worker"));

  private LayerCache(Path directory) {
    this.directory = directory;
  }

  static LayerCache create() {
    try {
      return new LayerCache(Files.createTempDirectory("tfs-deploy-layers-"));
    } catch (IOException e) {
      throw new UserError(
          "cannot create a temporary directory for the image layers: " + e.getMessage(),
          "make the temporary directory (TMPDIR or java.io.tmpdir) writable, with room for the"
              + " compressed model",
          e);
    }
  }

  Path directory() {
    return directory;
  }

  /** The threads Jib builds and pushes on, so that closing can wait for them. */
  ExecutorService executor() {
    return executor;
  }

  /** Threads for work that keeps a core busy (writing layers), one per core. */
  ExecutorService cpuBound() {
    return cpuBound;
  }

  /** Best effort: a file that cannot be deleted is not worth failing (or hiding) the build for. */
  @Override
  public void close() {
    executor.shutdown();
    // Layer work still running belongs to a failed build (an invalid model, say): interrupted, it
    // stops reading (the model's files are read through interruptible channels).
    cpuBound.shutdownNow();
    try {
      executor.awaitTermination(DRAIN_SECONDS, TimeUnit.SECONDS);
      cpuBound.awaitTermination(DRAIN_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    // A layer still being written after a failed build may resist; the process ends soon anyway.
    FileUtils.deleteQuietly(directory.toFile());
  }

  private static Thread daemon(Runnable task, String name) {
    Thread thread = new Thread(task, name);
    thread.setDaemon(true);
    return thread;
  }
}
