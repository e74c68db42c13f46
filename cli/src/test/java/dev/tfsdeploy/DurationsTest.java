package dev.tfsdeploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {
  @Test
  void parsesTheFormsKubectlTimeoutsUse() {
    assertThat(Durations.parse("90s")).isEqualTo(Duration.ofSeconds(90));
    assertThat(Durations.parse("10m")).isEqualTo(Duration.ofMinutes(10));
    assertThat(Durations.parse("1h30m")).isEqualTo(Duration.ofMinutes(90));
    assertThat(Durations.parse("500ms")).isEqualTo(Duration.ofMillis(500));
  }

  @Test
  void aBareNumberIsSeconds() {
    assertThat(Durations.parse("45")).isEqualTo(Duration.ofSeconds(45));
    assertThat(Durations.parse("1.5")).isEqualTo(Duration.ofMillis(1500));
  }

  @Test
  void anyAmountMayHaveADecimalFraction() {
    assertThat(Durations.parse("1.5s")).isEqualTo(Duration.ofMillis(1500));
    assertThat(Durations.parse("1.5h")).isEqualTo(Duration.ofMinutes(90));
    assertThat(Durations.parse("0.25m")).isEqualTo(Duration.ofSeconds(15));
    assertThat(Durations.parse("2.5ms")).isEqualTo(Duration.ofNanos(2_500_000));
  }

  @Test
  void unitsAddUpInAnyOrderAndCase() {
    assertThat(Durations.parse("1m30s")).isEqualTo(Duration.ofSeconds(90));
    assertThat(Durations.parse("30s1m")).isEqualTo(Duration.ofSeconds(90));
    assertThat(Durations.parse(" 2H ")).isEqualTo(Duration.ofHours(2));
  }

  @ParameterizedTest
  @ValueSource(strings = {"soon", "10 m", "-5s", "", "1.s", ".5s", "5x", "1d", "1,5s", "s", "10m-"})
  void refusesAnythingElseWithExamples(String bad) {
    assertThatThrownBy(() -> Durations.parse(bad))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("'" + bad + "' is not a duration (examples: 90s, 10m, 1h30m)");
  }

  @Test
  void refusesADurationTooLongToHold() {
    assertThatThrownBy(() -> Durations.parse("9999999999h"))
        .hasMessageContaining("is too long a duration");
  }

  @Test
  void formatsTheWayItParses() {
    assertThat(Durations.format(Duration.ofMinutes(90))).isEqualTo("1h30m");
    assertThat(Durations.format(Duration.ofMinutes(10))).isEqualTo("10m");
    assertThat(Durations.format(Duration.ofMillis(250))).isEqualTo("250ms");
    assertThat(Durations.format(Duration.ofMillis(1500))).isEqualTo("1s500ms");
    assertThat(Durations.parse(Durations.format(Duration.ofMillis(3_723_004))))
        .isEqualTo(Duration.ofMillis(3_723_004));
  }
}
