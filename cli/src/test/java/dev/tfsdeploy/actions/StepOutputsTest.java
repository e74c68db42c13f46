package dev.tfsdeploy.actions;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StepOutputsTest {
  @TempDir Path dir;

  private StepOutputs outputsUnderActions() {
    return new StepOutputs(
        new ActionsEnvironment(
            Map.of(
                "GITHUB_ACTIONS", "true",
                "GITHUB_OUTPUT", dir.resolve("output").toString(),
                "GITHUB_ENV", dir.resolve("env").toString(),
                "GITHUB_STEP_SUMMARY", dir.resolve("summary").toString())));
  }

  /** Parses the runner's heredoc file format the way the runner does. */
  private static Map<String, String> parseRunnerFile(Path file) throws Exception {
    Map<String, String> values = new java.util.LinkedHashMap<>();
    Matcher m =
        Pattern.compile("(?s)([A-Za-z_][A-Za-z0-9_-]*)<<(\\S+)\n(.*?)\n\\2\n")
            .matcher(Files.readString(file));
    while (m.find()) {
      values.put(m.group(1), m.group(3));
    }
    return values;
  }

  @Test
  void writesOutputsInHeredocFormSoMultilineValuesSurvive() throws Exception {
    StepOutputs outputs = outputsUnderActions();
    outputs.set("path", "/tmp/model.tar.gz");
    outputs.set("manifest", "line one\nline two\nEOF\n");

    assertThat(parseRunnerFile(dir.resolve("output")))
        .containsEntry("path", "/tmp/model.tar.gz")
        .containsEntry("manifest", "line one\nline two\nEOF\n");
  }

  @Test
  void neverUsesTheDeprecatedSetOutputCommand() throws Exception {
    StepOutputs outputs = outputsUnderActions();
    outputs.set("digest", "sha256:abc");

    assertThat(Files.readString(dir.resolve("output"))).doesNotContain("::set-output");
  }

  @Test
  void exportsVariablesToTheEnvFile() throws Exception {
    outputsUnderActions().exportVariable("KUBECONFIG", "/home/runner/.kube/config");

    assertThat(parseRunnerFile(dir.resolve("env")))
        .containsEntry("KUBECONFIG", "/home/runner/.kube/config");
  }

  @Test
  void appendsMarkdownToTheJobSummary() throws Exception {
    StepOutputs outputs = outputsUnderActions();
    outputs.summary("## Deployed");
    outputs.summary("| a | b |\n");

    assertThat(Files.readString(dir.resolve("summary"))).isEqualTo("## Deployed\n| a | b |\n");
  }

  @Test
  void writesNothingOutsideActions() throws Exception {
    StepOutputs outputs =
        new StepOutputs(
            new ActionsEnvironment(Map.of("GITHUB_OUTPUT", dir.resolve("output").toString())));
    outputs.set("path", "x");
    outputs.summary("y");

    assertThat(dir).isEmptyDirectory();
  }
}
