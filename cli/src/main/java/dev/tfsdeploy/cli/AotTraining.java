package dev.tfsdeploy.cli;

import dev.tfsdeploy.actions.Console;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The training run of the ahead-of-time class cache (JDK 25+, {@code -XX:AOTCacheOutput}) that
 * scripts/install-cli.sh makes: runs several command lines in this one JVM, as a user would, so
 * that the cache holds what each of them loads and links. A JVM records one run, hence one process
 * for all of them. Their results and exit codes do not matter (a command that fails at once offline
 * still loads its clients); the caller discards the output.
 *
 * <p>Usage: {@code java -XX:AOTCacheOutput=FILE -cp tfs-deploy.jar dev.tfsdeploy.cli.AotTraining
 * COMMAND-LINE [; COMMAND-LINE]...}, each command line as separate arguments, {@code ;} between.
 */
public final class AotTraining {
  static final String SEPARATOR = ";";

  private AotTraining() {}

  public static void main(String[] args) {
    for (List<String> commandLine : commandLines(args)) {
      // The environment is left out: TFS_DEPLOY_* and legacy variables would change the runs.
      Main.run(commandLine.toArray(String[]::new), Console.system(), Map.of());
    }
  }

  /** The command lines of {@code args}, split at each {@code ;}; empty ones are dropped. */
  static List<List<String>> commandLines(String[] args) {
    List<List<String>> commandLines = new ArrayList<>();
    List<String> current = new ArrayList<>();
    for (String arg : Arrays.asList(args)) {
      if (arg.equals(SEPARATOR)) {
        if (!current.isEmpty()) {
          commandLines.add(current);
        }
        current = new ArrayList<>();
      } else {
        current.add(arg);
      }
    }
    if (!current.isEmpty()) {
      commandLines.add(current);
    }
    return commandLines;
  }
}
