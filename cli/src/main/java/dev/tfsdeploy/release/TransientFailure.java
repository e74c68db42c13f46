package dev.tfsdeploy.release;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;
import okhttp3.Response;

/**
 * A response worth retrying, and how long the server asked us to wait: 5xx, 429, and GitHub's
 * rate-limit 403s (a {@code Retry-After}, or {@code X-RateLimit-Remaining: 0} with the reset time,
 * or a body that says "secondary rate limit"). Every other status is final: retrying a 401 or a 404
 * only burns time and rate limit.
 *
 * @param serverWait the wait the server asked for; empty means "use the backoff"
 */
record TransientFailure(String reason, Optional<Duration> serverWait) {
  // GitHub's documented advice when a secondary rate limit names no wait.
  private static final Duration SECONDARY_LIMIT_WAIT = Duration.ofMinutes(1);

  static Optional<TransientFailure> of(Response response, Instant now) {
    int code = response.code();
    String host = response.request().url().host();
    Optional<Duration> retryAfter = retryAfter(response, now);
    Optional<Duration> untilReset = rateLimitReset(response, now);
    if (code == 429 || (code == 403 && (retryAfter.isPresent() || untilReset.isPresent()))) {
      return Optional.of(
          new TransientFailure(
              "rate limited by " + host + " (HTTP " + code + ")", retryAfter.or(() -> untilReset)));
    }
    if (code == 403 && mentionsSecondaryRateLimit(response)) {
      return Optional.of(
          new TransientFailure(
              "secondary rate limit of " + host + " (HTTP 403)",
              Optional.of(SECONDARY_LIMIT_WAIT)));
    }
    if (code >= 500) {
      return Optional.of(new TransientFailure("HTTP " + code + " from " + host, retryAfter));
    }
    return Optional.empty();
  }

  /** {@code Retry-After} as seconds or as an HTTP date. */
  private static Optional<Duration> retryAfter(Response response, Instant now) {
    String value = response.header("Retry-After");
    if (value == null || value.isBlank()) {
      return Optional.empty();
    }
    try {
      return Optional.of(Duration.ofSeconds(Math.max(0, Long.parseLong(value.strip()))));
    } catch (NumberFormatException notSeconds) {
      try {
        Instant at =
            ZonedDateTime.parse(value.strip(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        return Optional.of(nonNegative(Duration.between(now, at)));
      } catch (DateTimeParseException notADate) {
        return Optional.empty();
      }
    }
  }

  /** Time until {@code X-RateLimit-Reset} (epoch seconds) when the quota is used up. */
  private static Optional<Duration> rateLimitReset(Response response, Instant now) {
    String remaining = response.header("X-RateLimit-Remaining");
    String reset = response.header("X-RateLimit-Reset");
    if (!"0".equals(remaining == null ? null : remaining.strip()) || reset == null) {
      return Optional.empty();
    }
    try {
      Instant at = Instant.ofEpochSecond(Long.parseLong(reset.strip()));
      return Optional.of(nonNegative(Duration.between(now, at)));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  private static boolean mentionsSecondaryRateLimit(Response response) {
    try {
      return response
          .peekBody(16 * 1024)
          .string()
          .toLowerCase(Locale.ROOT)
          .contains("secondary rate limit");
    } catch (IOException e) {
      return false;
    }
  }

  private static Duration nonNegative(Duration duration) {
    return duration.isNegative() ? Duration.ZERO : duration;
  }
}
