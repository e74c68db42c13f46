package dev.tfsdeploy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tfsdeploy.actions.ActionsEnvironment;
import dev.tfsdeploy.actions.Console;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Help.Ansi;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.UsageMessageSpec;

/** Help text breaks lines at spaces: a host name, URL or path never splits across two lines. */
class HelpWrappingTest {
  /** Longer words cannot fit a description column at the narrowest width (72); they may be cut. */
  private static final int LONGEST_WORD = 40;

  @Test
  void noWordOfAnyHelpIsSplitAtAnyWidth() {
    for (CommandLine command : ManPage.commands(tree())) {
      List<String> words = words(command.getCommandSpec());
      for (int width = 72; width <= 120; width += 2) {
        Set<String> shown =
            Arrays.stream(usage(command, width).split("\\s+")).collect(Collectors.toSet());
        int atWidth = width;
        assertThat(words)
            .as(
                "words of '%s --help' at width %d",
                command.getCommandSpec().qualifiedName(), atWidth)
            .allSatisfy(word -> assertThat(shown).contains(word));
      }
    }
  }

  @Test
  void aHostNameThatPicocliWouldSplitStaysWhole() {
    CommandLine buildImage = tree().getSubcommands().get("build-image");

    assertThat(usage(buildImage, 80)).contains("REGION-docker.pkg.dev/PROJECT/tfs-deploy/MODEL");
  }

  @Test
  void wrappedLinesKeepToTheWidth() {
    for (CommandLine command : ManPage.commands(tree())) {
      // A synopsis written out by hand (extract's) is printed as written.
      Set<String> synopsis =
          command.getHelp().synopsis(0).lines().map(String::strip).collect(Collectors.toSet());
      assertThat(
              usage(command, 70)
                  .lines()
                  .filter(line -> !synopsis.contains(line.replace("Usage:", "").strip())))
          .allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(70));
    }
  }

  private static String usage(CommandLine command, int width) {
    UsageMessageSpec usage = command.getCommandSpec().usageMessage();
    usage.autoWidth(false).width(width);
    return command.getUsageMessage(Ansi.OFF);
  }

  /** The words of the command's own prose: header, description, footer and option descriptions. */
  private static List<String> words(CommandSpec spec) {
    List<String> prose = new ArrayList<>();
    prose.addAll(List.of(spec.usageMessage().header()));
    prose.addAll(List.of(spec.usageMessage().description()));
    prose.addAll(List.of(spec.usageMessage().footer()));
    spec.options().stream()
        .filter(option -> !option.hidden())
        .forEach(option -> prose.addAll(List.of(option.description())));
    spec.positionalParameters()
        .forEach(parameter -> prose.addAll(List.of(parameter.description())));
    return prose.stream()
        .map(line -> String.format(line))
        .flatMap(line -> Arrays.stream(line.split("\\s+")))
        .filter(word -> !word.isEmpty() && word.length() <= LONGEST_WORD)
        .distinct()
        .toList();
  }

  private static CommandLine tree() {
    PrintStream nowhere = new PrintStream(OutputStream.nullOutputStream());
    return Main.commandLine(
        new Console(nowhere, nowhere, new ActionsEnvironment(Map.of()), false), Map.of());
  }
}
