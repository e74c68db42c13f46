package dev.tfsdeploy.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.cloud.tools.jib.api.LogEvent;
import dev.tfsdeploy.UserError;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

/** Jib is held before a stored layer until tfs-deploy has written it, and only there. */
class StoredLayerGateTest {
  static final String STORED = "m/1/variables/variables.data-00000-of-00001";

  final CompletableFuture<Void> written = new CompletableFuture<>();
  final StoredLayerGate gate =
      new StoredLayerGate(
          new StoredLayers(
              Map.of(STORED, new StoredLayers.Passes(new CompletableFuture<>(), written))));

  @Test
  void jibWaitsAtAStoredLayerUntilItIsWritten() throws Exception {
    CompletableFuture<Void> jibStep =
        CompletableFuture.runAsync(() -> gate.accept(building(STORED)));

    assertThatThrownBy(() -> jibStep.get(300, TimeUnit.MILLISECONDS))
        .isInstanceOf(TimeoutException.class);
    written.complete(null);
    assertThat(jibStep).succeedsWithin(Duration.ofSeconds(5));
  }

  @Test
  void otherLayersAndOtherMessagesOfTheStoredLayerPassAtOnce() {
    assertThat(
            CompletableFuture.runAsync(
                () -> {
                  gate.accept(building("m/1"));
                  gate.accept(LogEvent.debug("Building " + STORED + " layer took 0.01 s"));
                  gate.accept(LogEvent.lifecycle("Using base image with digest: sha256:0"));
                }))
        .succeedsWithin(Duration.ofSeconds(5));
  }

  @Test
  void aStoredLayerThatFailedFailsJibsStepWithItsUserError() {
    UserError failed =
        new UserError("cannot write the image layer for " + STORED + ": gone", "check the files");
    written.completeExceptionally(failed);

    assertThatThrownBy(() -> gate.accept(building(STORED))).isSameAs(failed);
  }

  /**
   * What Jib 0.28's BuildAndCacheApplicationLayerStep logs before it looks a layer up in the cache.
   */
  private static LogEvent building(String layer) {
    return LogEvent.progress("Building " + layer + " layer...");
  }
}
