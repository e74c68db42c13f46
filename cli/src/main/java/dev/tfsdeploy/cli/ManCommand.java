package dev.tfsdeploy.cli;

import dev.tfsdeploy.UserError;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code tfs-deploy man}: manual pages in roff, from the same command tree as the usage help. */
@Command(
    name = "man",
    header = "Print or install the manual page of a command (roff).",
    sortOptions = false,
    description = {
      "Print the manual page of tfs-deploy or of one of its commands, generated from this jar's"
          + " own",
      "command tree, so it always matches it: tfs-deploy man run | man -l -",
      "With --out DIR, write one page per command instead (tfs-deploy.1, tfs-deploy-run.1,",
      "tfs-deploy-experiments-new.1, ...) and print their paths. To install them:",
      "  tfs-deploy man --out ~/.local/share/man/man1",
      "then: man tfs-deploy-run",
      ""
    })
final class ManCommand extends StepCommand {
  @Parameters(
      paramLabel = "COMMAND",
      arity = "0..*",
      description = "The command, e.g. run, or experiments new (default: tfs-deploy itself).")
  List<String> command = List.of();

  @Option(
      names = "--out",
      paramLabel = "DIR",
      description = "Write every command's page into DIR (created if missing).")
  Path out;

  @Override
  public Integer call() {
    // The whole tree: Main builds only the invoked subcommand (this one) to start fast.
    CommandLine tree = Main.commandLine(console(), Map.of());
    String version = VersionProvider.version();
    if (out == null) {
      console().result(ManPage.render(find(tree), version).stripTrailing());
      return ExitCode.OK;
    }
    if (!command.isEmpty()) {
      throw new UserError(
          "man writes every command's page with --out",
          "drop " + String.join(" ", command) + " or --out");
    }
    for (CommandLine page : ManPage.commands(tree)) {
      Path file = out.resolve(ManPage.fileName(page));
      try {
        Files.createDirectories(out);
        Files.writeString(file, ManPage.render(page, version));
      } catch (IOException e) {
        throw new UserError(
            "cannot write " + file + ": " + e.getMessage(),
            "choose a --out directory you can write to",
            e);
      }
      console().result(file.toString());
    }
    return ExitCode.OK;
  }

  private CommandLine find(CommandLine tree) {
    CommandLine found = tree;
    for (String name : command) {
      CommandLine next = found.getSubcommands().get(name);
      if (next == null) {
        throw new UserError(
            "no command '" + String.join(" ", command) + "'",
            "name one of: " + String.join(", ", found.getSubcommands().keySet()));
      }
      found = next;
    }
    return found;
  }
}
