package dev.tfsdeploy.cli;

import dev.tfsdeploy.actions.ActionsEnvironment;
import dev.tfsdeploy.actions.Console;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/** Runs the CLI in-process with a given environment and keeps what it printed. */
final class ClusterCommandRunner {
  private final Map<String, String> env = new HashMap<>();

  ClusterCommandRunner env(String name, String value) {
    env.put(name, value);
    return this;
  }

  /** The outcome of one run. */
  record Run(int exitCode, String stdout, String stderr) {
    String all() {
      return stdout + stderr;
    }
  }

  Run run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Map<String, String> snapshot = Map.copyOf(env);
    try (PrintStream stdout = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream stderr = new PrintStream(err, true, StandardCharsets.UTF_8)) {
      Console console = new Console(stdout, stderr, new ActionsEnvironment(snapshot), false);
      int code = Main.run(args, console, snapshot);
      return new Run(
          code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
  }
}
