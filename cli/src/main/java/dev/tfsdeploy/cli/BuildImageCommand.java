package dev.tfsdeploy.cli;

import dev.tfsdeploy.image.BuiltImage;
import dev.tfsdeploy.pipeline.GcsDownload;
import dev.tfsdeploy.pipeline.ImageBuild;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** {@code tfs-deploy build-image}: the model on TF Serving, as an image pushed by digest. */
@Command(
    name = "build-image",
    header = "Build the TF Serving image with the model and push it by digest.",
    sortOptions = false,
    usageHelpAutoWidth = true,
    description = {
      "Build a TF Serving image holding the model and push it by digest, without a Docker daemon.",
      "",
      "The image is the base plus /models/<name>/<version>/... and ENV MODEL_NAME=<name>; the"
          + " base's entrypoint, command, ports and environment are kept. The same model on the"
          + " same base gives the same digest. Prints REPOSITORY@sha256:... on stdout"
          + " (REPOSITORY:TAG with --to tar:PATH).",
      "",
      "With --version-policy, --version-label or --model-config the image also holds TF"
          + " Serving's model config (/etc/tfs-deploy/model_config.txt, part of the model digest)"
          + " and its entrypoint is TF Serving's script with --model_config_file, so the server"
          + " serves that policy wherever it runs.",
      ""
    })
public final class BuildImageCommand extends StepCommand {
  @Option(
      names = "--model-dir",
      paramLabel = "DIR",
      description =
          "Model directory holding numeric versions (1/saved_model.pb, ...), as 'extract' writes"
              + " it.")
  Path modelDir;

  @Option(
      names = "--archive",
      paramLabel = "FILE",
      description =
          "A model archive (tar.gz, tgz, tar, zip) to extract and validate on the way, instead of"
              + " --model-dir.")
  Path archive;

  @Mixin ModelUriOption modelUri;

  @Mixin ModelNameOption modelName;

  @Mixin ImageOptions image;

  @Option(
      names = "--release-tag",
      paramLabel = "TAG",
      description =
          "Release the model comes from: default tag and org.opencontainers.image.version label.")
  String releaseTag;

  @Option(
      names = "--repo",
      paramLabel = "OWNER/NAME",
      description = "GitHub repository of the release: org.opencontainers.image.source label.")
  String repo;

  @Override
  public Integer call() {
    if (archive != null && modelDir != null) {
      throw new ParameterException(
          spec.commandLine(), "give either --model-dir or --archive, not both");
    }
    modelUri.refuseWith(archive != null || modelDir != null, "--model-dir or --archive");
    image.takeDeprecatedTags(console()::warn);
    image.defaultProject(this::projectOrMetadata);
    GcsDownload.Request fromStorage = modelUri.toRequest(null);
    ImageBuild.ModelInput model =
        fromStorage != null
            ? null
            : archive == null
                ? ImageBuild.ModelInput.directory(require(modelDir, "--model-dir"))
                : ImageBuild.ModelInput.archive(archive);
    ImageBuild.Request request =
        image.toRequest(
            require(modelName.name, ModelNameOption.OPTION), releaseTag, repo, console().actions());
    ImageBuild build = new ImageBuild(context());
    BuiltImage built =
        fromStorage != null ? build.build(fromStorage, request) : build.build(model, request);
    build.report(built, request.target());
    console().result(ImageBuild.reference(built));
    return ExitCode.OK;
  }
}
