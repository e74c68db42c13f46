package dev.tfsdeploy.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tfsdeploy.actions.ActionsEnvironment;
import dev.tfsdeploy.actions.Console;
import dev.tfsdeploy.cli.Main;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * cli/cds/classes.lst, from which install-cli.sh makes the CLI's class-data-sharing archive: still
 * the classes of this CLI (a class that no longer exists is skipped by the dump, so a stale list
 * fails nothing but makes the archive useless), and from runs of the commands the actions start.
 * When this fails, regenerate it: scripts/cds-class-list.sh.
 */
class ClassListTest {
  static final Path LIST = ProjectFiles.ROOT.resolve("cli/cds/classes.lst");
  static final String REGENERATE = "stale: regenerate it with scripts/cds-class-list.sh";

  /** The subcommands the actions run, and token, which kubectl runs for every API call. */
  static final List<String> STARTED_BY_THE_ACTIONS =
      List.of("setup", "token", "download", "build-image", "deploy");

  static List<String> lines() throws IOException {
    return Files.readAllLines(LIST).stream()
        .filter(line -> !line.isBlank() && !line.startsWith("#"))
        .toList();
  }

  static List<String> classes() throws IOException {
    return lines().stream().filter(line -> !line.startsWith("@")).toList();
  }

  @Test
  void everyLineIsAClassOrALambdaLineAsTheJvmWritesThem() throws IOException {
    assertThat(lines())
        .isNotEmpty()
        .allSatisfy(
            line ->
                assertThat(line)
                    .matches("[A-Za-z0-9_$/.-]+|@lambda-proxy .+|@lambda-form-invoker .+"));
    assertThat(classes()).doesNotHaveDuplicates();
    // Generated at run time, never loaded from a class file: the dump cannot find them.
    assertThat(classes().stream().filter(name -> name.matches(".*\\$Proxy\\d+")))
        .as("dynamic proxies")
        .isEmpty();
  }

  @Test
  void nearlyAllItsClassesAreStillInTheCliOrTheJdk() throws IOException {
    ClassLoader loader = ClassListTest.class.getClassLoader();
    List<String> classes = classes();
    List<String> missing =
        classes.stream().filter(name -> loader.getResource(name + ".class") == null).toList();

    assertThat(classes).as("classes in %s", LIST).hasSizeGreaterThan(5000);
    assertThat(missing.size())
        .as("%s is %s; missing: %s", LIST, REGENERATE, missing)
        .isLessThanOrEqualTo(classes.size() / 50);
  }

  @Test
  void itComesFromRunsOfTheCommandsTheActionsStart() throws IOException {
    PrintStream nowhere = new PrintStream(OutputStream.nullOutputStream());
    Map<String, CommandLine> subcommands =
        Main.commandLine(
                new Console(nowhere, nowhere, new ActionsEnvironment(Map.of()), false), Map.of())
            .getSubcommands();
    List<String> classes = classes();

    for (String name : STARTED_BY_THE_ACTIONS) {
      String command =
          subcommands
              .get(name)
              .getCommandSpec()
              .userObject()
              .getClass()
              .getName()
              .replace('.', '/');
      assertThat(classes)
          .as("%s loads %s: %s is %s", name, command, LIST, REGENERATE)
          .contains(command);
    }
    assertThat(lines())
        .as("lambda proxies of %s", LIST)
        .anyMatch(line -> line.startsWith("@lambda-proxy dev/tfsdeploy/"));
  }
}
