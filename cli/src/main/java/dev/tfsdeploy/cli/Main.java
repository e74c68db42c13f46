package dev.tfsdeploy.cli;

import dev.tfsdeploy.actions.Console;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.Map;
import picocli.CommandLine;

/** Entry point of the fat jar: {@code java -jar tfs-deploy.jar <command> ...}. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    System.exit(run(args, Console.system(), System.getenv()));
  }

  /** Runs one command line and returns its exit code; tests call this in-process. */
  public static int run(String[] args, Console console, Map<String, String> env) {
    // Known before parsing so that even a parse error can show its stack trace.
    console.setDebug(Arrays.asList(args).contains("--debug"));
    return commandLine(console, env).execute(args);
  }

  /** The configured command tree; also used to check action.yml flags against the real options. */
  public static CommandLine commandLine(Console console, Map<String, String> env) {
    return commandLine(console, env, new Object[0]);
  }

  /** The command tree with extra subcommands (tests add probes); configured after adding them. */
  static CommandLine commandLine(Console console, Map<String, String> env, Object... extra) {
    ErrorHandler errors = new ErrorHandler(console);
    CommandLine cli = new CommandLine(new RootCommand(console));
    for (Object subcommand : extra) {
      cli.addSubcommand(subcommand);
    }
    cli.setDefaultValueProvider(new EnvironmentDefaults(env));
    cli.setExecutionExceptionHandler(errors);
    cli.setParameterExceptionHandler(errors);
    cli.setCaseInsensitiveEnumValuesAllowed(true);
    cli.setOut(new PrintWriter(console.stdout(), true));
    cli.setErr(new PrintWriter(console.stderr(), true));
    return cli;
  }
}
