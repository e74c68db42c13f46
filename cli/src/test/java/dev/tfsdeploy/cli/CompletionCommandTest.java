package dev.tfsdeploy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CompletionCommandTest {
  @TempDir Path temp;

  @Test
  void theBashScriptIsValidBash() throws Exception {
    Path script = script("bash");

    assertThat(bash("bash -n " + script).exitCode)
        .as("bash -n: %s", bash("bash -n " + script).output)
        .isZero();
  }

  @Test
  void itCompletesASubcommandName() throws Exception {
    assertThat(complete(script("bash"), "tfs-deploy", "dow")).containsExactly("download");
  }

  @Test
  void itCompletesTheOptionsOfASubcommand() throws Exception {
    assertThat(complete(script("bash"), "tfs-deploy", "extract", "--model-"))
        .contains("--model-name");
  }

  @Test
  void itCompletesANestedSubcommand() throws Exception {
    assertThat(complete(script("bash"), "tfs-deploy", "experiments", ""))
        .contains("new", "compare");
  }

  @Test
  void theZshScriptLoadsItThroughBashcompinit() {
    CommandRun run = CommandRun.of("completion", "zsh");

    assertThat(run.exitCode()).isZero();
    assertThat(run.stdout())
        .contains("ZSH_VERSION")
        .contains("bashcompinit")
        .contains("_complete_tfs-deploy");
  }

  @Test
  void anUnknownShellIsAUsageErrorNamingTheShells() {
    CommandRun run = CommandRun.of("completion", "fish");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.stderr()).contains("fish").contains("bash, zsh");
  }

  private Path script(String shell) throws IOException {
    CommandRun run = CommandRun.of("completion", shell);
    assertThat(run.exitCode()).as(run.stderr()).isZero();
    return Files.writeString(temp.resolve("tfs-deploy." + shell), run.stdout());
  }

  /** The words bash's completion function offers for the last of {@code words}. */
  private static List<String> complete(Path script, String... words) throws Exception {
    StringBuilder array = new StringBuilder();
    for (String word : words) {
      array.append(" '").append(word).append('\'');
    }
    String session =
        "source "
            + script
            + "; COMP_WORDS=("
            + array
            + "); COMP_CWORD="
            + (words.length - 1)
            + "; COMP_LINE=\"${COMP_WORDS[*]}\"; COMP_POINT=${#COMP_LINE}; _complete_tfs-deploy"
            + " 2>/dev/null; printf '%s\\n"
            + "' \"${COMPREPLY[@]}\"";
    Result result = bash(session);
    assertThat(result.exitCode).as(result.output).isZero();
    return result.output.lines().map(String::strip).filter(line -> !line.isEmpty()).toList();
  }

  private record Result(int exitCode, String output) {}

  private static Result bash(String command) throws Exception {
    Process process = new ProcessBuilder("bash", "-c", command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    return new Result(process.waitFor(), output);
  }
}
