package dev.tfsdeploy.cli;

import java.util.Map;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code tfs-deploy completion bash|zsh}: the shell completion script, from the command tree
 * itself.
 */
@Command(
    name = "completion",
    header = "Print the shell completion script (bash or zsh).",
    sortOptions = false,
    description = {
      "Print a script that completes tfs-deploy's commands and options, generated from this jar's",
      "own command tree, so it always matches it. Load it from ~/.bashrc or ~/.zshrc:",
      "  source <(tfs-deploy completion bash)",
      "  source <(tfs-deploy completion zsh)",
      "or, to start shells without running Java, save it once (tfs-deploy completion bash > FILE)",
      "and source FILE there. It completes the command named tfs-deploy, the launcher",
      "scripts/install-cli.sh puts on PATH.",
      ""
    })
final class CompletionCommand extends StepCommand {
  /**
   * The shells the script runs in: zsh runs bash's completion through its bashcompinit. Lower case,
   * as users type them and as picocli lists them when one is wrong.
   */
  enum Shell {
    bash,
    zsh
  }

  @Parameters(index = "0", paramLabel = "SHELL", description = "bash or zsh.")
  Shell shell;

  @Override
  public Integer call() {
    // The whole tree: Main builds only the invoked subcommand (this one) to start fast.
    CommandLine tree = Main.commandLine(console(), Map.of());
    String script = AutoComplete.bash(tree.getCommandName(), tree);
    console().result(script.stripTrailing());
    return ExitCode.OK;
  }
}
