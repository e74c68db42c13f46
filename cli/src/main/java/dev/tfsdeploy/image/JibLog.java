package dev.tfsdeploy.image;

import com.google.cloud.tools.jib.api.LogEvent;
import dev.tfsdeploy.image.ImageBuildListener.Level;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Jib's log messages of one build, passed on at the level a user needs them. Jib warns once per
 * retry of every request (about ten per request in a minute of back-off, for each blob at once): a
 * registry that dies mid-push would print dozens of lines before the one-line error, so retries are
 * said once per registry, and the rest only with --debug.
 */
final class JibLog implements Consumer<LogEvent> {
  /** How Jib's HTTP client reports a request it retries, or gives up on. */
  private static final Pattern RETRY =
      Pattern.compile("^(\\S+) (https?://([^/\\s]+)\\S*) failed and will (NOT )?be retried$");

  private final ImageBuildListener listener;
  private final Set<String> retryingRegistries = ConcurrentHashMap.newKeySet();

  JibLog(ImageBuildListener listener) {
    this.listener = listener;
  }

  @Override
  public void accept(LogEvent event) {
    String message = event.getMessage();
    if (message.isBlank()) {
      return;
    }
    Level level =
        switch (event.getLevel()) {
          case WARN -> isInsecureFallback(message) ? Level.DEBUG : Level.WARN;
          case LIFECYCLE -> Level.INFO;
          // Errors come back as the exception the build fails with; no need to say them twice.
          case ERROR, PROGRESS, INFO, DEBUG -> Level.DEBUG;
        };
    Matcher retry = RETRY.matcher(message);
    if (level == Level.WARN && retry.matches()) {
      level = Level.DEBUG;
      if (retry.group(4) == null && retryingRegistries.add(retry.group(3))) {
        listener.log(
            Level.WARN,
            "requests to registry "
                + retry.group(3)
                + " fail (first: "
                + retry.group(1)
                + " "
                + retry.group(2)
                + "); retrying each for about a minute before giving up");
      }
    }
    listener.log(level, message);
  }

  /**
   * With --insecure-registry, Jib's notes that it retries without TLS verification or over plain
   * HTTP.
   */
  static boolean isInsecureFallback(String message) {
    return message.startsWith("Cannot verify server at https://")
            && message.endsWith("Attempting again with no TLS verification.")
        || message.startsWith("Failed to connect to https://")
            && message.endsWith("over HTTPS. Attempting again with HTTP.");
  }
}
