package dev.tfsdeploy.release;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.util.function.DoubleSupplier;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {
  private static RetryPolicy policy(DoubleSupplier random) {
    return new RetryPolicy(
        6,
        Duration.ofSeconds(1),
        Duration.ofSeconds(30),
        Duration.ofMinutes(5),
        Clock.systemUTC(),
        d -> {},
        random);
  }

  @Test
  void backoffDoublesWithEachRetryUpToTheCap() {
    RetryPolicy highest = policy(() -> 0.999999);
    assertThat(highest.backoff(1)).isBetween(Duration.ofMillis(999), Duration.ofSeconds(1));
    assertThat(highest.backoff(2)).isBetween(Duration.ofMillis(1999), Duration.ofSeconds(2));
    assertThat(highest.backoff(3)).isBetween(Duration.ofMillis(3999), Duration.ofSeconds(4));
    assertThat(highest.backoff(6)).isBetween(Duration.ofMillis(29999), Duration.ofSeconds(30));
    assertThat(highest.backoff(60)).isBetween(Duration.ofMillis(29999), Duration.ofSeconds(30));
  }

  @Test
  void jitterTakesOffAtMostHalfOfTheBackoff() {
    assertThat(policy(() -> 0.0).backoff(3)).isEqualTo(Duration.ofSeconds(2));
    assertThat(policy(() -> 0.5).backoff(3)).isEqualTo(Duration.ofSeconds(3));
  }
}
