package dev.tfsdeploy.cli;

import dev.tfsdeploy.UserError;
import dev.tfsdeploy.actions.Console;
import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The one place failures become messages and exit codes: a user error is one line (an {@code
 * ::error::} annotation under Actions) and exit 1; a bad command line is one line plus a pointer to
 * {@code --help} and exit 2; anything else is a bug, reported as such. Stack traces only with
 * {@code --debug}.
 */
final class ErrorHandler implements IExecutionExceptionHandler, IParameterExceptionHandler {
  private final Console console;

  ErrorHandler(Console console) {
    this.console = console;
  }

  @Override
  public int handleExecutionException(Exception ex, CommandLine cmd, ParseResult parseResult) {
    UserError userError = findUserError(ex);
    if (userError != null) {
      console.error(userError.oneLine());
      debugTrace(ex);
      return ExitCode.FAILURE;
    }
    if (ex instanceof ParameterException parameterException) {
      return handleParseException(parameterException, new String[0]);
    }
    console.error(
        "internal error: "
            + ex
            + (console.isDebug()
                ? ""
                : " — rerun with --debug for details and report it as a bug"));
    debugTrace(ex);
    return ExitCode.FAILURE;
  }

  @Override
  public int handleParseException(ParameterException ex, String[] args) {
    CommandLine cmd = ex.getCommandLine();
    console.error(ex.getMessage() + " — see '" + cmd.getCommandSpec().qualifiedName() + " --help'");
    UnmatchedArgumentException.printSuggestions(ex, cmd.getErr());
    debugTrace(ex);
    return ExitCode.USAGE;
  }

  private void debugTrace(Throwable ex) {
    if (console.isDebug()) {
      StringWriter trace = new StringWriter();
      ex.printStackTrace(new PrintWriter(trace));
      console.info(trace.toString());
    }
  }

  private static UserError findUserError(Throwable ex) {
    for (Throwable t = ex; t != null; t = t.getCause()) {
      if (t instanceof UserError userError) {
        return userError;
      }
    }
    return null;
  }
}
