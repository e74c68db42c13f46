package dev.tfsdeploy.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.tfsdeploy.actions.ActionsEnvironment;
import dev.tfsdeploy.actions.Console;
import java.io.File;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ManCommandTest {
  @TempDir Path temp;

  @Test
  void outWritesAPageForEveryCommand() throws Exception {
    CommandRun run = CommandRun.of("man", "--out", temp.toString());

    assertThat(run.exitCode()).as(run.stderr()).isZero();
    List<String> expected = ManPage.commands(tree()).stream().map(ManPage::fileName).toList();
    try (Stream<Path> files = Files.list(temp)) {
      assertThat(files.map(file -> file.getFileName().toString()))
          .containsExactlyInAnyOrderElementsOf(expected)
          .contains(
              "tfs-deploy.1",
              "tfs-deploy-run.1",
              "tfs-deploy-experiments-new.1",
              "tfs-deploy-completion.1");
    }
    assertThat(run.stdout().lines()).hasSize(expected.size());
  }

  @Test
  void aPageNamesEveryVisibleOptionOfItsCommand() {
    String page = CommandRun.of("man", "build-image").stdout();

    CommandLine buildImage = tree().getSubcommands().get("build-image");
    buildImage.getCommandSpec().options().stream()
        .filter(option -> !option.hidden())
        .forEach(
            option ->
                assertThat(page)
                    .contains("\\fB" + option.longestName().replace("-", "\\-") + "\\fR"));
  }

  @Test
  void aNestedCommandsPageIsNamedForItsPath() {
    CommandRun run = CommandRun.of("man", "experiments", "new");

    assertThat(run.exitCode()).isZero();
    assertThat(run.stdout())
        .startsWith(".TH \"TFS-DEPLOY-EXPERIMENTS-NEW\" \"1\"")
        .contains("\\-\\-vcpu");
  }

  @Test
  void everyPageIsRoffThatGroffReadsWithoutWarnings() throws Exception {
    assumeThat(onPath("groff")).as("groff is installed").isTrue();
    CommandRun.of("man", "--out", temp.toString());

    try (Stream<Path> pages = Files.list(temp)) {
      for (Path page : pages.toList()) {
        Process groff =
            new ProcessBuilder("groff", "-man", "-Tutf8", "-ww", "-z", page.toString())
                .redirectErrorStream(true)
                .start();
        String warnings = new String(groff.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(groff.waitFor()).isZero();
        assertThat(warnings).as(page.toString()).isEmpty();
      }
    }
  }

  @Test
  void aBlankHelpLineStartsAParagraphAndAnIndentedOneIsKeptAsWritten() {
    String page = CommandRun.of("man").stdout();

    assertThat(page).contains(".PP\nstdout carries only").contains(".nf\n  0  success\n");
  }

  @Test
  void anUnknownCommandIsAnErrorListingTheCommands() {
    CommandRun run = CommandRun.of("man", "deplyo");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.stderr()).contains("no command 'deplyo'").contains("deploy");
  }

  private static CommandLine tree() {
    PrintStream nowhere = new PrintStream(OutputStream.nullOutputStream());
    return Main.commandLine(
        new Console(nowhere, nowhere, new ActionsEnvironment(Map.of()), false), Map.of());
  }

  private static boolean onPath(String program) {
    return Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
        .anyMatch(dir -> Files.isExecutable(Path.of(dir, program)));
  }
}
