package dev.tfsdeploy.cli;

import dev.tfsdeploy.model.SavedModelValidator;
import dev.tfsdeploy.model.SignatureJson;
import dev.tfsdeploy.model.SignatureText;
import dev.tfsdeploy.model.ValidatedVersion;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code tfs-deploy inspect}: a SavedModel's tag-sets and signatures, checked as extract checks
 * them.
 */
@Command(
    name = "inspect",
    header = "Show a SavedModel's tag-sets and signatures (text or JSON).",
    sortOptions = false,
    usageHelpAutoWidth = true,
    description = {
      "Validate a SavedModel and print its signatures like saved_model_cli show --all.",
      "PATH is a version directory (holding saved_model.pb) or a model directory",
      "holding numbered version directories; checked as extract checks them."
    })
final class InspectCommand extends StepCommand {

  @Parameters(
      index = "0",
      paramLabel = "PATH",
      description = "A version directory or a model directory.")
  Path path;

  @Option(
      names = "--json",
      description =
          "Print {\"version\", \"tags\", \"signature_def\"} per version, signature_def shaped as TF"
              + " Serving's GET /v1/models/<name>/metadata returns it; an array for a model"
              + " directory.")
  boolean json;

  @Override
  public Integer call() {
    List<ValidatedVersion> versions = new SavedModelValidator().validate(path);
    versions.forEach(version -> version.warnings().forEach(console()::warn));
    // A version directory validates as itself; a model directory as its numbered children.
    boolean modelDirectory = !versions.get(0).directory().equals(path);
    console()
        .result(
            json
                ? SignatureJson.render(versions, modelDirectory)
                : SignatureText.render(versions).stripTrailing());
    return ExitCode.OK;
  }
}
