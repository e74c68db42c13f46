package dev.tfsdeploy.canary;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tfsdeploy.UserError;
import org.junit.jupiter.api.Test;

/** The canary's settings refuse values that cannot mean anything, each in one line. */
class CanaryInputsTest {
  @Test
  void anErrorRateAboveOneIsRefused() {
    assertThatThrownBy(() -> new CanaryThresholds(1.5, 0.2, 50))
        .isInstanceOf(UserError.class)
        .hasMessage("--max-error-rate 1.5 is not a rate");
  }

  @Test
  void aNegativeP99IncreaseIsRefused() {
    assertThatThrownBy(() -> new CanaryThresholds(0.01, -0.1, 50))
        .isInstanceOf(UserError.class)
        .hasMessage("--max-p99-increase -0.1 is not an increase");
  }

  @Test
  void anUnknownModeNamesTheTwoThereAre() {
    assertThatThrownBy(() -> CanaryMode.parse("sideways"))
        .isInstanceOf(UserError.class)
        .hasMessage("--canary-mode sideways is not a canary mode")
        .extracting(e -> ((UserError) e).fix())
        .isEqualTo("pass replicas or gateway");
  }
}
