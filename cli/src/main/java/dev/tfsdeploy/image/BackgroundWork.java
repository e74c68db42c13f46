package dev.tfsdeploy.image;

import dev.tfsdeploy.UserError;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

/** Waiting for work run on another thread of the build. */
final class BackgroundWork {
  private BackgroundWork() {}

  /**
   * Runs {@code work} on a new daemon thread: for work a failed build must not wait for (the
   * build's own threads are drained when it ends).
   */
  static <T> CompletableFuture<T> onOwnThread(String name, Supplier<T> work) {
    CompletableFuture<T> result = new CompletableFuture<>();
    Thread thread =
        new Thread(
            () -> {
              try {
                result.complete(work.get());
              } catch (RuntimeException | Error e) {
                result.completeExceptionally(e);
              }
            },
            name);
    thread.setDaemon(true);
    thread.start();
    return result;
  }

  /** The work's result; a {@link UserError} it raised is thrown as it is, not wrapped. */
  static <T> T join(CompletableFuture<T> work) {
    try {
      return work.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof UserError userError) {
        throw userError;
      }
      throw e;
    }
  }
}
