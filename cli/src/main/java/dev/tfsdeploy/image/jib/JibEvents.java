package dev.tfsdeploy.image.jib;

import com.google.cloud.tools.jib.api.Containerizer;
import com.google.cloud.tools.jib.event.events.ProgressEvent;
import com.google.cloud.tools.jib.event.events.TimerEvent;
import com.google.cloud.tools.jib.event.progress.ProgressEventHandler;
import java.time.Duration;
import java.util.function.BiConsumer;
import java.util.function.DoubleConsumer;

/** The events of a Jib build that its API has no type for: overall progress and step timings. */
public final class JibEvents {
  private JibEvents() {}

  /**
   * Has {@code containerizer} report its build's progress (0 to 1) to {@code progress}, and each
   * finished step's description and duration to {@code finishedStep}.
   */
  public static void report(
      Containerizer containerizer,
      DoubleConsumer progress,
      BiConsumer<String, Duration> finishedStep) {
    containerizer
        .addEventHandler(
            TimerEvent.class,
            event -> {
              if (event.getState() == TimerEvent.State.FINISHED) {
                finishedStep.accept(event.getDescription(), event.getElapsed());
              }
            })
        .addEventHandler(
            ProgressEvent.class,
            new ProgressEventHandler(update -> progress.accept(update.getProgress())));
  }
}
