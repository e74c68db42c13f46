package dev.tfsdeploy.overlay;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** kyaml's layout of generated base64 values (Secret data, ConfigMap binaryData). */
class GeneratorBase64Test {
  @Test
  void keepsAnEncodingShorterThanSeventyCharactersOnOneLine() {
    assertThat(Generators.base64(new byte[51])).hasSize(68).doesNotContain("\n");
  }

  @Test
  void cutsAnEncodingOfSeventyOrMoreCharactersIntoLinesOfSeventyEachEndingInANewline() {
    String encoded = Generators.base64(new byte[52]);

    assertThat(encoded.split("\n", -1)).extracting(String::length).containsExactly(70, 2, 0);
  }

  @Test
  void endsAnEncodingOfExactlyTwoLinesWithOneNewline() {
    assertThat(Generators.base64(new byte[105]).split("\n", -1))
        .extracting(String::length)
        .containsExactly(70, 70, 0);
  }
}
