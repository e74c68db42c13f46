package dev.tfsdeploy.cli;

import dev.tfsdeploy.actions.Console;
import dev.tfsdeploy.actions.StepOutputs;
import dev.tfsdeploy.gcp.MetadataServer;
import dev.tfsdeploy.pipeline.StepContext;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * What every subcommand shares: the console, the step outputs, and the check for options that are
 * required but may come from the environment (picocli's own {@code required} would reject a value
 * the environment supplies).
 */
abstract class StepCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  // Not mixinStandardHelpOptions: its -V/--version would clash with options such as extract's
  // --version; the tool's version is on the root command.
  @Option(
      names = {"-h", "--help"},
      usageHelp = true,
      description = "Show this help message and exit.")
  boolean help;

  protected Console console() {
    return root().console();
  }

  protected StepOutputs outputs() {
    return root().outputs();
  }

  /**
   * What the pipeline's steps report to: this command's console and outputs, and the tool's
   * identity.
   */
  protected StepContext context() {
    return new StepContext(console(), outputs(), VersionProvider.version(), Main.class);
  }

  /** Returns the value, or fails with a usage error naming the option and its variables. */
  protected <T> T require(T value, String optionName) {
    if (value == null || (value instanceof String text && text.isBlank())) {
      throw new ParameterException(
          spec.commandLine(), "missing " + EnvironmentDefaults.describe(optionName));
    }
    return value;
  }

  /**
   * The Google Cloud project: {@code given} (the option or its variables), else, on a Compute
   * Engine VM or GKE node, the metadata server's, as gcloud does there; else null.
   */
  protected String projectOrMetadata(String given) {
    if (given != null && !given.isBlank()) {
      return given;
    }
    Optional<String> found =
        MetadataServer.detect(console().actions()::get, MetadataServer.PRODUCT_NAME)
            .flatMap(MetadataServer::projectId);
    found.ifPresent(
        project -> console().info("project " + project + " (from the metadata server)"));
    return found.orElse(null);
  }

  private RootCommand root() {
    return (RootCommand) spec.root().userObject();
  }
}
