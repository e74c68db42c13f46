package dev.tfsdeploy.image;

import dev.tfsdeploy.UserError;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/** Waiting for work run on another thread of the build. */
final class BackgroundWork {
  private BackgroundWork() {}

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
