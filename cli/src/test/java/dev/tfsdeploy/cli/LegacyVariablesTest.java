package dev.tfsdeploy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

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
        .contains("GITHUB_API_URL (--github-api-url).")
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

  private static List<String> variables(String cell) {
    return Pattern.compile("`([A-Z_]+)`").matcher(cell).results().map(r -> r.group(1)).toList();
  }
}
