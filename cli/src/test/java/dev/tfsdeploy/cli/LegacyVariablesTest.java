package dev.tfsdeploy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tfsdeploy.actions.ActionsEnvironment;
import dev.tfsdeploy.actions.Console;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The predecessor's variable names are one table: help's legend and docs/cli-conventions.md's both
 * come from it.
 */
class LegacyVariablesTest {
  private static final Path CONVENTIONS =
      Path.of(System.getProperty("tfsdeploy.projectRoot", "..")).resolve("docs/cli-conventions.md");
  private static final Pattern LEGEND_ROW =
      Pattern.compile("^ *\\| `(--[a-z-]+)` \\| (`[A-Z_]+`[^|]*) \\|$");

  @Test
  void theHelpLegendNamesEveryLegacyVariableWithItsOption() {
    String legend = String.join(" ", EnvironmentDefaults.legend(74));

    EnvironmentDefaults.LEGACY.forEach(
        (option, variables) ->
            assertThat(legend).contains(String.join(", ", variables) + " (" + option + ")"));
  }

  @Test
  void theHelpLegendKeepsToItsWidth() {
    assertThat(EnvironmentDefaults.legend(74))
        .allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(74));
  }

  @Test
  void theRootHelpShowsTheLegend() {
    CommandRun run = CommandRun.of("--help");

    assertThat(run.stdout())
        .contains("JOB_COMPLETION_INDEX (--worker-index).")
        .doesNotContain(RootCommand.LEGEND_MARKER);
  }

  @Test
  void theDocsTableIsTheSameTable() throws IOException {
    Map<String, List<String>> documented =
        Files.readAllLines(CONVENTIONS).stream()
            .map(LEGEND_ROW::matcher)
            .filter(Matcher::matches)
            .collect(
                Collectors.toMap(
                    m -> m.group(1),
                    m -> variables(m.group(2)),
                    (a, b) -> a,
                    java.util.LinkedHashMap::new));

    assertThat(documented).containsExactlyEntriesOf(EnvironmentDefaults.LEGACY);
  }

  @Test
  void everyVariableAnOptionsHelpNamesIsOneThatOptionReads() {
    Pattern variable = Pattern.compile("\\b[A-Z][A-Z0-9]*_[A-Z0-9_]+\\b");
    List<String> known =
        EnvironmentDefaults.LEGACY.values().stream().flatMap(List::stream).toList();
    List<String> mismatches = new ArrayList<>();
    forEachCommand(
        commandTree(),
        command ->
            command.getCommandSpec().options().stream()
                .filter(option -> !option.hidden())
                .forEach(
                    option ->
                        variable
                            .matcher(String.join(" ", option.description()))
                            .results()
                            .map(MatchResult::group)
                            .filter(name -> name.startsWith("TFS_DEPLOY_") || known.contains(name))
                            .filter(
                                name ->
                                    EnvironmentDefaults.variablesFor(option.longestName())
                                        .noneMatch(name::equals))
                            .forEach(
                                name ->
                                    mismatches.add(
                                        command.getCommandName()
                                            + " "
                                            + option.longestName()
                                            + ": "
                                            + name))));

    assertThat(mismatches).as("help naming a variable its option does not read").isEmpty();
  }

  private static CommandLine commandTree() {
    PrintStream nowhere = new PrintStream(OutputStream.nullOutputStream());
    return Main.commandLine(
        new Console(nowhere, nowhere, new ActionsEnvironment(Map.of()), false), Map.of());
  }

  private static void forEachCommand(CommandLine command, Consumer<CommandLine> action) {
    action.accept(command);
    command.getSubcommands().values().forEach(sub -> forEachCommand(sub, action));
  }

  private static List<String> variables(String cell) {
    return Pattern.compile("`([A-Z_]+)`").matcher(cell).results().map(r -> r.group(1)).toList();
  }
}
