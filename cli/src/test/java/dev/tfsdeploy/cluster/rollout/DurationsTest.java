package dev.tfsdeploy.cluster.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationsTest {
  @Test
  void parsesTheFormsKubectlTimeoutsUse() {
    assertThat(Durations.parse("90s")).isEqualTo(Duration.ofSeconds(90));
    assertThat(Durations.parse("10m")).isEqualTo(Duration.ofMinutes(10));
    assertThat(Durations.parse("1h30m")).isEqualTo(Duration.ofMinutes(90));
    assertThat(Durations.parse("500ms")).isEqualTo(Duration.ofMillis(500));
    assertThat(Durations.parse("45")).isEqualTo(Duration.ofSeconds(45));
  }

  @Test
  void refusesAnythingElseWithExamples() {
    for (String bad : new String[] {"soon", "10 m", "-5s", "1.5h", ""}) {
      assertThatThrownBy(() -> Durations.parse(bad)).hasMessageContaining("is not a duration (examples: 90s, 10m, 1h30m)");
    }
  }

  @Test
  void formatsTheWayItParses() {
    assertThat(Durations.format(Duration.ofMinutes(90))).isEqualTo("1h30m");
    assertThat(Durations.format(Duration.ofMinutes(10))).isEqualTo("10m");
    assertThat(Durations.format(Duration.ofMillis(250))).isEqualTo("250ms");
  }
}
