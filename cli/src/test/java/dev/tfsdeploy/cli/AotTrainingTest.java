package dev.tfsdeploy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class AotTrainingTest {
  @Test
  void commandLinesAreSplitAtEachSemicolonArgument() {
    assertThat(
            AotTraining.commandLines(
                new String[] {"--version", ";", "render", "--experiment", "a;b", ";", ";"}))
        .containsExactly(List.of("--version"), List.of("render", "--experiment", "a;b"));
  }
}
