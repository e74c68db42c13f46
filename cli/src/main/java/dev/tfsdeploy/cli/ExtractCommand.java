package dev.tfsdeploy.cli;

import dev.tfsdeploy.model.ArchiveLimits;
import dev.tfsdeploy.model.ExtractRequest;
import dev.tfsdeploy.model.ExtractedModel;
import dev.tfsdeploy.model.ModelExtractor;
import dev.tfsdeploy.model.ValidatedVersion;
import dev.tfsdeploy.pipeline.ExtractProgress;
import dev.tfsdeploy.text.Bytes;
import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code tfs-deploy extract}: a model archive becomes {@code DIR/NAME/<version>/saved_model.pb}.
 */
@Command(
    name = "extract",
    header = "Unpack and validate a SavedModel archive into OUT/NAME/<version>/.",
    sortOptions = false,
    usageHelpAutoWidth = true,
    // Written out because picocli's own would bracket --model-name and --out: they are checked in
    // call(), not by picocli, so that MODEL_NAME and TFS_DEPLOY_OUT can stand in for them.
    customSynopsis = {
      "tfs-deploy extract [-h] [--debug] ARCHIVE --model-name=NAME --out=DIR",
      "                          [--strip-components=N] [--version=N]",
      "                          [--max-bytes=SIZE] [--max-entries=N]"
    },
    description = {
      "Reads tar.gz, tgz, tar and zip. The result is the layout TensorFlow Serving's",
      "--model_base_path expects; prints the model directory OUT/NAME."
    },
    footerHeading = "%n",
    footer = {
      "A saved_model.pb at the archive's top level becomes version --version; numbered",
      "directories (00000123 is version 123) are kept. Refused: absolute or '..' paths,",
      "symbolic links, hard links to anything but an earlier file of the archive,",
      "devices, FIFOs, duplicate entries. On any failure nothing is left behind.",
      "If OUT/NAME exists, the archive's versions are added to it; a version that",
      "already exists is refused."
    })
final class ExtractCommand extends StepCommand {

  @Parameters(index = "0", paramLabel = "ARCHIVE", description = "The model archive.")
  Path archive;

  @Mixin ModelNameOption modelName;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      description = "Required: the directory that receives NAME/.")
  Path out;

  @Option(
      names = "--strip-components",
      paramLabel = "N",
      description =
          "Drop N leading path components from every entry (default: strip a single top-level"
              + " directory).")
  Integer stripComponents;

  @Option(
      names = "--version",
      paramLabel = "N",
      description =
          "Version for a saved_model.pb at the archive's top level (default: "
              + ExtractRequest.DEFAULT_ROOT_VERSION
              + "); archives of version directories keep theirs.")
  String version;

  @Option(
      names = "--max-bytes",
      paramLabel = "SIZE",
      defaultValue = "32GiB",
      converter = ByteSizeConverter.class,
      description =
          "Most bytes the archive may unpack to, e.g. 500MiB (default: ${DEFAULT-VALUE}).")
  long maxBytes;

  @Option(
      names = "--max-entries",
      paramLabel = "N",
      defaultValue = "100000",
      description = "Most entries the archive may hold (default: ${DEFAULT-VALUE}).")
  long maxEntries;

  @Override
  public Integer call() {
    ExtractProgress progress = new ExtractProgress(console());
    ExtractRequest request =
        new ExtractRequest(
            archive,
            require(modelName.name, ModelNameOption.OPTION),
            require(out, "--out"),
            stripComponents,
            version,
            new ArchiveLimits(maxBytes, maxEntries));
    ExtractedModel model = new ModelExtractor(progress).extract(request);
    progress.finish(model.bytes());

    String modelDir = model.modelDir().toAbsolutePath().normalize().toString();
    String versions =
        model.versions().stream().map(ValidatedVersion::version).collect(Collectors.joining(","));
    console()
        .info(
            "extracted "
                + model.entries()
                + " entries ("
                + Bytes.format(model.bytes())
                + "): model '"
                + modelName.name
                + "' version(s) "
                + versions);
    outputs().set("model-dir", modelDir);
    outputs().set("versions", versions);
    console().result(modelDir);
    return ExitCode.OK;
  }

  /** Sizes as bytes or with a binary unit: 1048576, 1024KiB, 1M, 32GiB. */
  static final class ByteSizeConverter implements ITypeConverter<Long> {
    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*([KMGT]?)(?:I?B)?");

    @Override
    public Long convert(String value) {
      Matcher matcher = SIZE.matcher(value.trim().toUpperCase(Locale.ROOT));
      if (!matcher.matches()) {
        throw new TypeConversionException(
            "'" + value + "' is not a size (examples: 1048576, 500MiB, 32GiB)");
      }
      int shift = 10 * " KMGT".indexOf(matcher.group(2).isEmpty() ? " " : matcher.group(2));
      long number = Long.parseLong(matcher.group(1));
      if (number > (Long.MAX_VALUE >> shift)) {
        throw new TypeConversionException("'" + value + "' is too large");
      }
      return number << shift;
    }
  }
}
