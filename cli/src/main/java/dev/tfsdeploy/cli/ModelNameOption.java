package dev.tfsdeploy.cli;

import picocli.CommandLine.Option;

/**
 * {@code --model-name} (a picocli mixin): the name TF Serving serves the model as. One declaration
 * for every command, so its names, label and variable (MODEL_NAME, see {@link EnvironmentDefaults})
 * cannot drift between them.
 */
final class ModelNameOption {
  static final String OPTION = "--model-name";

  @Option(
      names = OPTION,
      paramLabel = "NAME",
      description =
          "The model's name in TF Serving: /v1/models/NAME and the container's MODEL_NAME (env"
              + " MODEL_NAME).")
  String name;
}
