package dev.tfsdeploy.pipeline;

import dev.tfsdeploy.actions.Console;
import dev.tfsdeploy.actions.ProgressMeter;
import dev.tfsdeploy.model.ExtractListener;

/** Shows an extraction on the console: progress through a meter, notes and warnings as lines. */
public final class ExtractProgress implements ExtractListener {
  private final Console console;
  private final ProgressMeter meter;

  public ExtractProgress(Console console) {
    this.console = console;
    this.meter = new ProgressMeter(console, "extracting", 0);
  }

  @Override
  public void bytesWritten(long total) {
    meter.update(total);
  }

  @Override
  public void info(String message) {
    console.info(message);
  }

  @Override
  public void warning(String message) {
    console.warn(message);
  }

  public void finish(long bytes) {
    meter.finish(bytes);
  }
}
