package dev.tfsdeploy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tfsdeploy.actions.ActionsEnvironment;
import dev.tfsdeploy.actions.Console;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Help.Ansi;
import picocli.CommandLine.Model.UsageMessageSpec;

/**
 * docs/cli.md is every command's --help, generated from the command tree: this test fails when it
 * is stale, and rewrites it when run with -Dtfsdeploy.regenerateDocs=true.
 */
class CliReferenceTest {
  static final Path REFERENCE =
      Path.of(System.getProperty("tfsdeploy.projectRoot", "..")).resolve("docs/cli.md");
  static final String REGENERATE =
      "./mvnw -B -ntp -q -o test -pl cli -Dtest=CliReferenceTest -Dtfsdeploy.regenerateDocs=true";

  /** Wide enough for few wrapped lines, narrow enough for GitHub's code blocks. */
  static final int WIDTH = 100;

  @Test
  void docsCliMdIsTheHelpOfEveryCommand() throws IOException {
    String generated = reference();
    if (Boolean.getBoolean("tfsdeploy.regenerateDocs")) {
      Files.writeString(REFERENCE, generated);
    }

    assertThat(Files.exists(REFERENCE) ? Files.readString(REFERENCE) : "")
        .as("%s is stale: regenerate it with %s", REFERENCE.normalize(), REGENERATE)
        .isEqualTo(generated);
  }

  @Test
  void theReferenceHasASectionForEveryCommand() {
    String reference = reference();

    ManPage.commands(tree())
        .forEach(
            command ->
                assertThat(reference)
                    .contains("\n## `" + command.getCommandSpec().qualifiedName() + "`\n"));
  }

  static String reference() {
    StringBuilder markdown =
        new StringBuilder()
            .append("# CLI reference\n\n")
            .append(
                "<!-- Generated from the command tree by CliReferenceTest; do not edit. Regenerate"
                    + " with:\n")
            .append("     ")
            .append(REGENERATE)
            .append(" -->\n\n")
            .append(
                "Every command's `--help`, as the jar prints it. Man pages hold the same text: ")
            .append("`tfs-deploy man COMMAND`. Options also come from the environment ")
            .append("(see [the CLI's conventions](cli-conventions.md)).\n\n");
    for (CommandLine command : ManPage.commands(tree())) {
      markdown
          .append("- [`")
          .append(command.getCommandSpec().qualifiedName())
          .append("`](#")
          .append(command.getCommandSpec().qualifiedName().replace(' ', '-'))
          .append(")\n");
    }
    for (CommandLine command : ManPage.commands(tree())) {
      UsageMessageSpec usage = command.getCommandSpec().usageMessage();
      usage.autoWidth(false).width(WIDTH);
      markdown
          .append("\n## `")
          .append(command.getCommandSpec().qualifiedName())
          .append("`\n\n```text\n")
          .append(command.getUsageMessage(Ansi.OFF).stripTrailing())
          .append("\n```\n");
    }
    return markdown.toString();
  }

  private static CommandLine tree() {
    PrintStream nowhere = new PrintStream(OutputStream.nullOutputStream());
    return Main.commandLine(
        new Console(nowhere, nowhere, new ActionsEnvironment(Map.of()), false), Map.of());
  }
}
