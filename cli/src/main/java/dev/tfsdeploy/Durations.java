package dev.tfsdeploy;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations the way users write them in flags and action inputs, the one parser every option
 * shares: a sequence of amounts with units as Go's (and kubectl's) durations are written ({@code
 * 90s}, {@code 10m}, {@code 1h30m}, {@code 500ms}, {@code 1.5s}), or a bare number of seconds
 * ({@code 45}, {@code 1.5}). Amounts may have a decimal fraction; there is no sign and no space.
 */
public final class Durations {
  private static final String AMOUNT = "\\d+(?:\\.\\d+)?";
  private static final Pattern WHOLE = Pattern.compile("(?:" + AMOUNT + "(?:ms|h|m|s))+");
  private static final Pattern PART = Pattern.compile("(" + AMOUNT + ")(ms|h|m|s)");
  private static final Pattern SECONDS = Pattern.compile(AMOUNT);
  private static final BigDecimal NANOS_PER_SECOND = BigDecimal.valueOf(1_000_000_000L);

  private Durations() {}

  /**
   * Parses a duration; fractions finer than a nanosecond are rounded.
   *
   * @throws IllegalArgumentException naming the accepted forms
   */
  public static Duration parse(String text) {
    String value = text.strip().toLowerCase(Locale.ROOT);
    if (SECONDS.matcher(value).matches()) {
      return ofNanos(new BigDecimal(value).multiply(NANOS_PER_SECOND), text);
    }
    if (!WHOLE.matcher(value).matches()) {
      throw new IllegalArgumentException(
          "'" + text + "' is not a duration (examples: 90s, 10m, 1h30m)");
    }
    BigDecimal nanos = BigDecimal.ZERO;
    Matcher part = PART.matcher(value);
    while (part.find()) {
      nanos = nanos.add(new BigDecimal(part.group(1)).multiply(nanosPer(part.group(2))));
    }
    return ofNanos(nanos, text);
  }

  /** The shortest form {@link #parse} reads back: 1h30m, 10m, 1s500ms, 250ms. */
  public static String format(Duration duration) {
    long seconds = duration.toSeconds();
    int millis = duration.toMillisPart();
    if (seconds == 0) {
      return millis + "ms";
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
    if (millis > 0) {
      text.append(millis).append("ms");
    }
    return text.toString();
  }

  private static BigDecimal nanosPer(String unit) {
    return BigDecimal.valueOf(
        switch (unit) {
          case "h" -> 3_600_000_000_000L;
          case "m" -> 60_000_000_000L;
          case "s" -> 1_000_000_000L;
          default -> 1_000_000L;
        });
  }

  private static Duration ofNanos(BigDecimal nanos, String text) {
    try {
      return Duration.ofNanos(nanos.setScale(0, RoundingMode.HALF_UP).longValueExact());
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException(
          "'" + text + "' is too long a duration (at most about 292 years)");
    }
  }
}
