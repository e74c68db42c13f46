package dev.tfsdeploy.cli;

import picocli.CommandLine.Option;

/**
 * {@code --experiment} (a picocli mixin): an experiment of the kustomize overlay by name. One
 * declaration for every command, so its label and variable (TARGET_EXPERIMENT, see {@link
 * EnvironmentDefaults}) cannot drift between them; what a command does with it, its help says.
 */
final class ExperimentOption {
  static final String OPTION = "--experiment";

  @Option(
      names = OPTION,
      paramLabel = "NAME",
      description = "An experiment: KUBE_DIR/experiments/NAME (env TARGET_EXPERIMENT).")
  String name;
}
