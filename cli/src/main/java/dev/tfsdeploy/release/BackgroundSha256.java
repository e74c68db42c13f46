package dev.tfsdeploy.release;

import dev.tfsdeploy.UserError;
import java.security.MessageDigest;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * SHA-256 of a stream, computed on a second thread while the caller keeps receiving: hashing a
 * gigabyte costs about as much CPU time as receiving and writing it, so on one thread it would
 * nearly halve the download rate. The caller fills buffers from a small fixed pool and hands them
 * over; a buffer returns to the pool once hashed, so memory stays constant whatever the size.
 */
final class BackgroundSha256 implements AutoCloseable {
  private final BlockingQueue<byte[]> pool;
  private final MessageDigest digest = Sha256.newDigest();
  private final ExecutorService hasher =
      Executors.newSingleThreadExecutor(
          task -> {
            Thread thread = new Thread(task, "sha256");
            thread.setDaemon(true);
            return thread;
          });

  BackgroundSha256(int buffers, int bufferSize) {
    pool = new ArrayBlockingQueue<>(buffers);
    for (int i = 0; i < buffers; i++) {
      pool.add(new byte[bufferSize]);
    }
  }

  /** A free buffer to fill; waits while all of them are being hashed. */
  byte[] borrow() {
    try {
      return pool.take();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UserError("interrupted while downloading");
    }
  }

  /** Returns a buffer that holds nothing to hash. */
  void giveBack(byte[] buffer) {
    pool.add(buffer);
  }

  /**
   * Hashes the first {@code length} bytes of a borrowed buffer, after everything handed over
   * before.
   */
  void hash(byte[] buffer, int length) {
    hasher.execute(
        () -> {
          digest.update(buffer, 0, length);
          pool.add(buffer);
        });
  }

  /** Forgets everything hashed so far, for a download that starts over. */
  void reset() {
    await(
        () -> {
          digest.reset();
          return null;
        });
  }

  /** The digest of everything handed over. */
  Sha256 finish() {
    return await(() -> Sha256.of(digest));
  }

  private <T> T await(Callable<T> step) {
    try {
      return hasher.submit(step).get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UserError("interrupted while downloading");
    } catch (ExecutionException e) {
      throw new IllegalStateException("hashing failed", e.getCause());
    }
  }

  @Override
  public void close() {
    hasher.shutdownNow();
  }
}
