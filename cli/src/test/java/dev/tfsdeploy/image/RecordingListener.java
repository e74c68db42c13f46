package dev.tfsdeploy.image;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Keeps what a build reported, for the tests to look at. */
final class RecordingListener implements ImageBuildListener {
  final List<String> secrets = new CopyOnWriteArrayList<>();
  final List<String> messages = new CopyOnWriteArrayList<>();
  final List<Double> progress = new CopyOnWriteArrayList<>();
  volatile int plannedLayers;

  @Override
  public void planned(long bytes, int layers) {
    plannedLayers = layers;
  }

  @Override
  public void progress(double fraction) {
    progress.add(fraction);
  }

  @Override
  public void log(Level level, String message) {
    messages.add(level + " " + message);
  }

  @Override
  public void secret(String value) {
    secrets.add(value);
  }
}
