package dev.tfsdeploy.cli;

import dev.tfsdeploy.loadtest.RequestBody;
import dev.tfsdeploy.model.SavedModelValidator;
import java.nio.file.Path;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * The predict body a load sends (a picocli mixin): a file ({@code --request}) or one generated from
 * a SavedModel's signature ({@code --from-signature}), for {@code loadtest} and {@code experiments
 * sweep} alike.
 */
final class PredictBodyOptions {
  @ArgGroup(exclusive = true)
  Source source = new Source();

  static final class Source {
    @Option(
        names = "--request",
        paramLabel = "FILE",
        description = "The predict body to send, e.g. {\"instances\": [[1.0]]}.")
    Path requestFile;

    @Option(
        names = "--from-signature",
        paramLabel = "DIR",
        description =
            "Generate the body from this SavedModel's signature (model or version directory).")
    Path signatureModel;
  }

  @Option(
      names = "--signature",
      paramLabel = "NAME",
      defaultValue = SavedModelValidator.DEFAULT_SIGNATURE,
      description = "Signature for --from-signature and of gRPC calls (default: ${DEFAULT-VALUE}).")
  String signature;

  @Option(
      names = "--batch",
      paramLabel = "N",
      defaultValue = "1",
      description =
          "Size of every -1 dimension in a generated request (default: ${DEFAULT-VALUE}).")
  int batch;

  @Option(
      names = "--seed",
      paramLabel = "N",
      defaultValue = "1",
      description = "Seed of generated values (default: ${DEFAULT-VALUE}).")
  long seed;

  /** The body; neither option given is a usage error of {@code command}. */
  RequestBody body(CommandSpec command) {
    if (source.requestFile != null) {
      return RequestBody.fromFile(source.requestFile);
    }
    if (source.signatureModel != null) {
      return RequestBody.fromSignature(source.signatureModel, signature, batch, seed);
    }
    throw new ParameterException(
        command.commandLine(), "missing --request FILE or --from-signature DIR");
  }
}
