package dev.tfsdeploy.cli;

import dev.tfsdeploy.pipeline.GcsDownload;
import dev.tfsdeploy.storage.CloudStorage;
import dev.tfsdeploy.storage.GcsUri;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code --model-uri}: a model in Cloud Storage instead of a release (a picocli mixin shared by
 * download, build-image and run, so all three spell it and its help the same way).
 */
final class ModelUriOption {
  @Spec(Spec.Target.MIXEE)
  private CommandSpec command;

  @Option(
      names = "--model-uri",
      paramLabel = "gs://BUCKET/PATH",
      description =
          "A model in Cloud Storage instead of a release: an archive object (tar.gz, tgz, tar,"
              + " zip) or the prefix of a SavedModel directory (PATH/saved_model.pb or"
              + " PATH/<version>/saved_model.pb). Read with Google credentials as setup finds"
              + " them; "
              + CloudStorage.EMULATOR_ENV
              + " points it at an emulator.")
  private String modelUri;

  boolean given() {
    return modelUri != null && !modelUri.isBlank();
  }

  /** A usage error when {@code other} was given too: a model has one source. */
  void refuseWith(boolean otherGiven, String other) {
    if (given() && otherGiven) {
      throw new ParameterException(
          command.commandLine(), "give either --model-uri or " + other + ", not both");
    }
  }

  /** The download --model-uri names; null when it was not given. */
  GcsDownload.Request toRequest(Path credentials) {
    return given() ? new GcsDownload.Request(GcsUri.parse(modelUri.strip()), credentials) : null;
  }
}
