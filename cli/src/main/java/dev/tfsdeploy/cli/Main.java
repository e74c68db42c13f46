package dev.tfsdeploy.cli;

import dev.tfsdeploy.actions.Console;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.UsageMessageSpec;

/** Entry point of the fat jar: {@code java -jar tfs-deploy.jar <command> ...}. */
public final class Main {
  /** The footer lines' width, as the hand-wrapped lines around the legend. */
  private static final int LEGEND_WIDTH = 74;

  private Main() {}

  public static void main(String[] args) {
    System.exit(run(args, Console.system(), System.getenv()));
  }

  /** Runs one command line and returns its exit code; tests call this in-process. */
  public static int run(String[] args, Console console, Map<String, String> env) {
    // Known before parsing so that even a parse error can show its stack trace.
    console.setDebug(Arrays.asList(args).contains("--debug"));
    return configured(commandTree(console, invoked(args)), console, env).execute(args);
  }

  /** The configured command tree; also used to check action.yml flags against the real options. */
  public static CommandLine commandLine(Console console, Map<String, String> env) {
    return commandLine(console, env, new Object[0]);
  }

  /** The command tree with extra subcommands (tests add probes); configured after adding them. */
  static CommandLine commandLine(Console console, Map<String, String> env, Object... extra) {
    CommandLine cli = commandTree(console, RootCommand.SUBCOMMANDS);
    for (Object subcommand : extra) {
      cli.addSubcommand(subcommand);
    }
    return configured(cli, console, env);
  }

  /**
   * The subcommand {@code args} run, alone when it is known: picocli reads every option of every
   * command it is given, which is most of a start's 0.2 s; a command line names one. Without one
   * (help, a typo) the whole tree, for the listing and the suggestions; for the version alone,
   * none.
   */
  static List<Class<?>> invoked(String[] args) {
    List<String> given = Arrays.asList(args);
    if (!given.contains("--help")
        && !given.contains("-h")
        && (given.contains("--version") || given.contains("-V"))
        && given.stream().allMatch(arg -> arg.startsWith("-"))) {
      return List.of(); // the version alone: no command is listed or suggested
    }
    for (String arg : args) {
      if (arg.startsWith("-")) {
        continue; // the root's own options (--debug, --help, --version) come before it
      }
      return RootCommand.SUBCOMMANDS.stream()
          .filter(command -> command.getAnnotation(Command.class).name().equals(arg))
          .findFirst()
          .map(List::<Class<?>>of)
          .orElse(RootCommand.SUBCOMMANDS);
    }
    return RootCommand.SUBCOMMANDS;
  }

  private static CommandLine commandTree(Console console, List<Class<?>> subcommands) {
    CommandLine cli = new CommandLine(new RootCommand(console));
    subcommands.forEach(cli::addSubcommand);
    withLegend(cli.getCommandSpec().usageMessage());
    return cli;
  }

  /** The root footer's legend of legacy variables, from the table the default values come from. */
  private static void withLegend(UsageMessageSpec usage) {
    List<String> footer = new ArrayList<>();
    for (String line : usage.footer()) {
      if (line.equals(RootCommand.LEGEND_MARKER)) {
        footer.addAll(EnvironmentDefaults.legend(LEGEND_WIDTH));
      } else {
        footer.add(line);
      }
    }
    usage.footer(footer.toArray(String[]::new));
  }

  private static CommandLine configured(CommandLine cli, Console console, Map<String, String> env) {
    ErrorHandler errors = new ErrorHandler(console);
    cli.setDefaultValueProvider(new EnvironmentDefaults(env));
    cli.setExecutionExceptionHandler(errors);
    cli.setParameterExceptionHandler(errors);
    cli.setCaseInsensitiveEnumValuesAllowed(true);
    cli.setHelpFactory(SpaceWrappingHelp::new);
    // Help and usage in the charset the console's own lines use (System.out's, on Java 17).
    cli.setOut(
        new PrintWriter(new OutputStreamWriter(console.stdout(), Charset.defaultCharset()), true));
    cli.setErr(
        new PrintWriter(new OutputStreamWriter(console.stderr(), Charset.defaultCharset()), true));
    return cli;
  }
}
