package dev.tfsdeploy.cluster.rollout;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations the way users write them in flags: 90s, 10m, 1h30m. */
public final class Durations {
  private static final Pattern WHOLE = Pattern.compile("(?:\\d+(?:ms|h|m|s))+");
  private static final Pattern PART = Pattern.compile("(\\d+)(ms|h|m|s)");

  private Durations() {}

  /**
   * Parses {@code 90s}, {@code 10m}, {@code 1h30m}, {@code 500ms}, or a bare number of seconds.
   *
   * @throws IllegalArgumentException naming the accepted forms
   */
  public static Duration parse(String text) {
    String value = text.strip().toLowerCase(Locale.ROOT);
    if (value.matches("\\d+")) {
      return Duration.ofSeconds(Long.parseLong(value));
    }
    if (!WHOLE.matcher(value).matches()) {
      throw new IllegalArgumentException("'" + text + "' is not a duration (examples: 90s, 10m, 1h30m)");
    }
    Duration total = Duration.ZERO;
    Matcher part = PART.matcher(value);
    while (part.find()) {
      long amount = Long.parseLong(part.group(1));
      total = total.plus(switch (part.group(2)) {
        case "h" -> Duration.ofHours(amount);
        case "m" -> Duration.ofMinutes(amount);
        case "s" -> Duration.ofSeconds(amount);
        default -> Duration.ofMillis(amount);
      });
    }
    return total;
  }

  public static String format(Duration duration) {
    long seconds = duration.toSeconds();
    if (seconds == 0) {
      return duration.toMillis() + "ms";
    }
    StringBuilder text = new StringBuilder();
    if (seconds >= 3600) {
      text.append(seconds / 3600).append('h');
      seconds %= 3600;
    }
    if (seconds >= 60) {
      text.append(seconds / 60).append('m');
      seconds %= 60;
    }
    if (seconds > 0) {
      text.append(seconds).append('s');
    }
    return text.toString();
  }
}
