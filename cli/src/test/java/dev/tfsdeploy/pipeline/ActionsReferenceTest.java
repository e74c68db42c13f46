package dev.tfsdeploy.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** docs/actions.md names every input and output of every action, where that action is described. */
class ActionsReferenceTest {
  static final Path REFERENCE = ProjectFiles.ROOT.resolve("docs/actions.md");

  @ParameterizedTest
  @ValueSource(strings = {"", "setup", "build-image", "deploy", "sweep"})
  void everyInputIsDocumented(String directory) {
    ActionFile action = ActionFile.load(directory);

    String section = section(directory);
    action
        .inputs()
        .keySet()
        .forEach(
            input ->
                assertThat(section)
                    .as("%s input %s in %s", action.name, input, REFERENCE)
                    .contains("`" + input + "`"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "setup", "build-image", "deploy", "sweep"})
  void everyOutputIsInTheOutputsTableUnderItsAction(String directory) {
    ActionFile action = ActionFile.load(directory);
    String setBy = directory.isEmpty() ? "`@v1`" : "`" + directory + "`";

    action
        .outputs()
        .keySet()
        .forEach(
            output -> {
              Matcher row =
                  Pattern.compile("(?m)^\\| `" + Pattern.quote(output) + "` \\| ([^|]*) \\|")
                      .matcher(read());
              assertThat(row.find())
                  .as("%s output %s has a row in %s", action.name, output, REFERENCE)
                  .isTrue();
              assertThat(row.group(1))
                  .as("%s output %s: set by", action.name, output)
                  .contains(setBy);
            });
  }

  /** The whole pipeline's section, or a part's paragraph in "The parts alone". */
  private static String section(String directory) {
    String text = read();
    if (directory.isEmpty()) {
      return text.substring(
          text.indexOf("## The whole pipeline"), text.indexOf("## The parts alone"));
    }
    int start = text.indexOf("- **`org/tfs-deploy/" + directory + "@v1`**");
    assertThat(start).as("%s describes %s", REFERENCE, directory).isNotNegative();
    int end = text.indexOf("\n- **", start + 1);
    int paragraph = text.indexOf("\n\n", start);
    return text.substring(start, end < 0 || paragraph < end ? paragraph : end);
  }

  private static String read() {
    try {
      return Files.readString(REFERENCE);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
