package dev.tfsdeploy.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tfsdeploy.UserError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ModelNameTest {
  @ParameterizedTest
  @ValueSource(strings = {"half_plus_two", "m", "resnet-50.v2", "0model", "A_1"})
  void acceptsWhatTfServingServesAsADirectoryAndAUrlSegment(String name) {
    assertThat(ModelName.require(name, "--model-name")).isEqualTo(name);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "../etc", "a/b", "-flag", ".hidden", "_x", "with space", "ü"})
  void refusesWhatAPathOrUrlWouldReadDifferently(String name) {
    assertThat(ModelName.isValid(name)).isFalse();
  }

  @ParameterizedTest
  @ValueSource(ints = {128, 129})
  void allowsAtMost128Characters(int length) {
    assertThat(ModelName.isValid("m".repeat(length))).isEqualTo(length <= 128);
  }

  @Test
  void namesWhatGaveTheNameAndTheRule() {
    assertThatThrownBy(() -> ModelName.require("../etc", "--model-name"))
        .isInstanceOf(UserError.class)
        .hasMessage("--model-name '../etc' is not a usable model name")
        .extracting(e -> ((UserError) e).oneLine())
        .asString()
        .contains("up to 128 letters, digits, '.', '_' or '-', starting with a letter or digit");
  }
}
