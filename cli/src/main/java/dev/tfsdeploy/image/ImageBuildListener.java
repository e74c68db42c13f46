package dev.tfsdeploy.image;

/**
 * What an image build reports while it runs, for the caller to show: Jib's progress and log
 * messages, and every secret (registry password, access token) the moment it is known, so the
 * caller can mask it before anything could print it. Called from Jib's worker threads.
 */
public interface ImageBuildListener {
  /** Importance of a log message. */
  enum Level {
    WARN,
    INFO,
    DEBUG
  }

  /** The model was read: {@code bytes} in {@code layers} layers are about to be built. */
  default void planned(long bytes, int layers) {}

  /** The build is {@code fraction} (0 to 1) done. */
  default void progress(double fraction) {}

  default void log(Level level, String message) {}

  /** A credential was read; it must never appear in any output. */
  default void secret(String value) {}

  ImageBuildListener NONE = new ImageBuildListener() {};
}
