package dev.tfsdeploy.cli;

import dev.tfsdeploy.actions.Console;
import dev.tfsdeploy.actions.StepOutputs;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/** {@code tfs-deploy}: holds the options every subcommand shares and the process's console. */
@Command(
    name = "tfs-deploy",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    sortOptions = false,
    usageHelpAutoWidth = true,
    description =
        "Publish a TensorFlow SavedModel from a GitHub Release to TensorFlow Serving on GKE.",
    footerHeading = "%n",
    footer = {
      "Every option can also come from the environment: --release-tag from",
      "TFS_DEPLOY_RELEASE_TAG, and from the predecessor workflow's names where",
      "they exist (below). The command line wins, then TFS_DEPLOY_*, then those.",
      RootCommand.LEGEND_MARKER,
      "",
      "stdout carries only a command's result; logs and progress go to stderr.",
      "",
      "Exit codes:",
      "  0  success",
      "  1  failure: bad input, no access, failed rollout (one line says what",
      "     is wrong and how to fix it)",
      "  2  usage error: unknown option, missing value",
      "  3  loadtest --find-capacity found no capacity (see its help)"
    })
public final class RootCommand implements Runnable {
  /**
   * Where {@link Main} puts the legacy-variable legend, generated from {@link
   * EnvironmentDefaults#LEGACY}.
   */
  static final String LEGEND_MARKER = "<legacy variables>";

  /** The subcommands, in the order help lists them (added by {@link Main}, see there why). */
  static final List<Class<?>> SUBCOMMANDS =
      List.of(
          DownloadCommand.class,
          ExtractCommand.class,
          InspectCommand.class,
          BuildImageCommand.class,
          RenderCommand.class,
          ExperimentsCommand.class,
          SetupCommand.class,
          TokenCommand.class,
          DeployCommand.class,
          CanaryCommand.class,
          DiffCommand.class,
          StatusCommand.class,
          TeardownCommand.class,
          RunCommand.class,
          LoadtestCommand.class,
          CompletionCommand.class,
          ManCommand.class);

  private final Console console;
  private final StepOutputs outputs;

  @Option(
      names = "--debug",
      description = "Show stack traces and debug logs.",
      scope = ScopeType.INHERIT)
  boolean debug;

  RootCommand(Console console) {
    this.console = console;
    this.outputs = new StepOutputs(console.actions());
  }

  Console console() {
    return console;
  }

  StepOutputs outputs() {
    return outputs;
  }

  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "a subcommand is required");
  }
}
