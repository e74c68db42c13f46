package dev.tfsdeploy.pipeline;

import dev.tfsdeploy.actions.ActionsEnvironment;
import dev.tfsdeploy.actions.Console;
import dev.tfsdeploy.actions.StepOutputs;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * A step context whose console writes into buffers a test reads, outside Actions unless the env
 * says so.
 */
final class StepContexts {
  final ByteArrayOutputStream out = new ByteArrayOutputStream();
  final ByteArrayOutputStream err = new ByteArrayOutputStream();
  final StepContext context;

  StepContexts(Map<String, String> env) {
    ActionsEnvironment actions = new ActionsEnvironment(env);
    Console console =
        new Console(
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            actions,
            false);
    context = new StepContext(console, new StepOutputs(actions), "test", StepContexts.class);
  }

  StepContexts() {
    this(Map.of());
  }

  String stderr() {
    return err.toString(StandardCharsets.UTF_8);
  }
}
