package dev.tfsdeploy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tfsdeploy.actions.ActionsEnvironment;
import dev.tfsdeploy.actions.Console;
import dev.tfsdeploy.model.ArchiveBuilder;
import dev.tfsdeploy.model.TfModels;
import dev.tfsdeploy.model.VersionNames;
import dev.tfsdeploy.serving.WarmupFixtures;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExtractCommandTest {
  @TempDir static Path exports;
  @TempDir Path work;

  private static Path halfPlusTwo;
  private final ModelCommandRunner cli = new ModelCommandRunner();

  @BeforeAll
  static void export() {
    halfPlusTwo = TfModels.halfPlusTwo(exports.resolve("half_plus_two"));
  }

  private Path archive(ArchiveBuilder builder) {
    return builder.writeTo(work.resolve("model.tgz"));
  }

  private Path modelArchive() {
    return archive(ArchiveBuilder.tgz().tree("export/1/", halfPlusTwo));
  }

  @Test
  void printsOnlyTheModelDirectoryOnStdout() {
    Path archive = modelArchive();

    int exit =
        cli.run(
            "extract",
            archive.toString(),
            "--model-name",
            "half_plus_two",
            "--out",
            work.resolve("models").toString());

    Path modelDir = work.resolve("models/half_plus_two").toAbsolutePath();
    assertThat(exit).isEqualTo(ExitCode.OK);
    assertThat(cli.stdout()).isEqualTo(modelDir + System.lineSeparator());
    assertThat(modelDir.resolve("1/saved_model.pb")).exists();
    assertThat(cli.stderr()).contains("model 'half_plus_two' version(s) 1");
  }

  @Test
  void takesModelNameAndOutputFromThePredecessorsEnvironment() {
    Path archive = modelArchive();
    cli.env.put("MODEL_NAME", "from_env");
    cli.env.put("TFS_DEPLOY_OUT", work.resolve("env-models").toString());

    assertThat(cli.run("extract", archive.toString())).isEqualTo(ExitCode.OK);

    assertThat(work.resolve("env-models/from_env/1/saved_model.pb")).exists();
  }

  @Test
  void reportsModelDirectoryAndVersionsAsStepOutputsUnderActions() throws IOException {
    Path outputs = Files.createFile(work.resolve("github_output"));
    cli.env.put("GITHUB_ACTIONS", "true");
    cli.env.put("GITHUB_OUTPUT", outputs.toString());

    cli.run(
        "extract",
        modelArchive().toString(),
        "--model-name",
        "m",
        "--out",
        work.resolve("models").toString());

    String written = Files.readString(outputs);
    assertThat(written)
        .contains("model-dir<<")
        .contains(work.resolve("models/m").toAbsolutePath().toString());
    assertThat(written).contains("versions<<").containsPattern("versions<<(\\S+)\\n1\\n\\1");
  }

  @Test
  void saysWhichVersionARootLevelModelBecomes() {
    Path archive = archive(ArchiveBuilder.tgz().tree("", halfPlusTwo));

    cli.run(
        "extract",
        archive.toString(),
        "--model-name",
        "m",
        "--out",
        work.resolve("models").toString(),
        "--version",
        "42");

    assertThat(work.resolve("models/m/42/saved_model.pb")).exists();
    assertThat(cli.stderr()).contains("placing it as version 42");
  }

  @Test
  void warnsThatVersionIsIgnoredForAnArchiveOfVersionDirectories() {
    int exit =
        cli.run(
            "extract",
            modelArchive().toString(),
            "--model-name",
            "m",
            "--out",
            work.resolve("models").toString(),
            "--version",
            "7");

    assertThat(exit).isZero();
    assertThat(work.resolve("models/m/1/saved_model.pb")).exists();
    assertThat(work.resolve("models/m/7")).doesNotExist();
    assertThat(cli.stderr())
        .contains("--version 7 is ignored: the archive holds version directories (1)");
  }

  @Test
  void saysNothingOfVersionWhenItWasNotGiven() {
    cli.run(
        "extract",
        modelArchive().toString(),
        "--model-name",
        "m",
        "--out",
        work.resolve("models").toString());

    assertThat(cli.stderr()).doesNotContain("--version");
  }

  @Test
  void missingModelNameIsAUsageErrorNamingItsVariables() {
    int exit = cli.run("extract", modelArchive().toString(), "--out", work.toString());

    assertThat(exit).isEqualTo(ExitCode.USAGE);
    assertThat(cli.stdout()).isEmpty();
    assertThat(cli.stderr()).contains("--model-name (or TFS_DEPLOY_MODEL_NAME or MODEL_NAME)");
  }

  @Test
  void refusedArchiveFailsWithOneLineAndLeavesNothingBehind() throws IOException {
    Path archive =
        archive(ArchiveBuilder.tgz().tree("export/1/", halfPlusTwo).file("../escaped.txt", "x"));
    Path models = Files.createDirectories(work.resolve("models"));

    int exit =
        cli.run("extract", archive.toString(), "--model-name", "m", "--out", models.toString());

    assertThat(exit).isEqualTo(ExitCode.FAILURE);
    assertThat(cli.stdout()).isEmpty();
    assertThat(cli.stderr().lines().filter(line -> line.startsWith("error: ")))
        .singleElement()
        .asString()
        .contains("'../escaped.txt' contains '..'");
    assertThat(cli.stderr()).doesNotContain("Exception");
    try (Stream<Path> left = Files.list(models)) {
      assertThat(left).isEmpty();
    }
  }

  private String errorLine() {
    return cli.stderr()
        .lines()
        .filter(line -> line.startsWith("error: "))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void failedExtractionKeepsADanglingOutputLinkAndNamesIt() throws IOException {
    Path link = Files.createSymbolicLink(work.resolve("link"), work.resolve("nowhere"));

    int exit =
        cli.run(
            "extract", modelArchive().toString(), "--model-name", "m", "--out", link.toString());

    assertThat(exit).isEqualTo(ExitCode.FAILURE);
    assertThat(errorLine())
        .isEqualTo(
            "error: --out "
                + link
                + " is a symbolic link to "
                + work.resolve("nowhere")
                + ", which does not exist — create "
                + work.resolve("nowhere")
                + " first, or remove the link, or choose another path");
    assertThat(Files.isSymbolicLink(link)).isTrue();
  }

  @Test
  void outputLinkToADirectoryIsFollowedAndKept() throws IOException {
    Path real = Files.createDirectory(work.resolve("real"));
    Path link = Files.createSymbolicLink(work.resolve("link"), real);

    int exit =
        cli.run(
            "extract", modelArchive().toString(), "--model-name", "m", "--out", link.toString());

    assertThat(exit).isEqualTo(ExitCode.OK);
    assertThat(Files.isSymbolicLink(link)).isTrue();
    assertThat(real.resolve("m/1/saved_model.pb")).isRegularFile();
  }

  @Test
  void danglingLinkWhereAVersionGoesIsNamedWithWhatToDo() throws IOException {
    Path models = Files.createDirectories(work.resolve("models/m"));
    Path version = Files.createSymbolicLink(models.resolve("1"), work.resolve("gone"));

    int exit =
        cli.run(
            "extract",
            modelArchive().toString(),
            "--model-name",
            "m",
            "--out",
            work.resolve("models").toString());

    assertThat(exit).isEqualTo(ExitCode.FAILURE);
    assertThat(errorLine())
        .isEqualTo(
            "error: version 1 cannot be placed at "
                + version
                + ": a symbolic link to "
                + work.resolve("gone")
                + " (which does not exist) is there — remove it first, or extract into another"
                + " --out");
    assertThat(Files.isSymbolicLink(version)).isTrue();
    try (Stream<Path> left = Files.list(models)) {
      assertThat(left).containsExactly(version);
    }
  }

  @Test
  void maxBytesTakesBinaryUnits() {
    Path archive =
        archive(
            ArchiveBuilder.tgz()
                .tree("export/1/", halfPlusTwo)
                .zeros("export/1/assets/big", 4 << 20));

    int exit =
        cli.run(
            "extract",
            archive.toString(),
            "--model-name",
            "m",
            "--out",
            work.resolve("models").toString(),
            "--max-bytes",
            "2MiB");

    assertThat(exit).isEqualTo(ExitCode.FAILURE);
    assertThat(cli.stderr()).contains("unpacks to more than 2.0 MiB").contains("raise --max-bytes");
  }

  @Test
  void limitsCanComeFromTheEnvironment() {
    cli.env.put("TFS_DEPLOY_MAX_ENTRIES", "3");

    int exit =
        cli.run(
            "extract",
            modelArchive().toString(),
            "--model-name",
            "m",
            "--out",
            work.resolve("models").toString());

    assertThat(exit).isEqualTo(ExitCode.FAILURE);
    assertThat(cli.stderr()).contains("more than 3 entries");
  }

  @Test
  void maxBytesThatIsNotASizeIsAUsageError() {
    int exit =
        cli.run(
            "extract",
            modelArchive().toString(),
            "--model-name",
            "m",
            "--out",
            work.toString(),
            "--max-bytes",
            "lots");

    assertThat(exit).isEqualTo(ExitCode.USAGE);
    assertThat(cli.stderr()).contains("'lots' is not a size");
  }

  @Test
  void nonNumericVersionQuotesTfServingsRule() {
    Path archive = archive(ArchiveBuilder.tgz().tree("", halfPlusTwo));

    int exit =
        cli.run(
            "extract",
            archive.toString(),
            "--model-name",
            "m",
            "--out",
            work.toString(),
            "--version",
            "v1");

    assertThat(exit).isEqualTo(ExitCode.FAILURE);
    assertThat(cli.stderr()).contains("'v1' is not a valid version: " + VersionNames.RULE);
  }

  @Test
  void helpDocumentsTheOptionsAndExitsZero() {
    assertThat(cli.run("extract", "--help")).isEqualTo(ExitCode.OK);

    assertThat(cli.stdout())
        .contains("Usage: tfs-deploy extract")
        .contains("--strip-components")
        .contains("--max-bytes");
  }

  @Test
  void usageShowsTheRequiredOptionsAsRequired() {
    cli.run("extract", "--help");

    String synopsis = synopsis(cli.stdout());
    assertThat(synopsis)
        .contains(" ARCHIVE --model-name=NAME --out=DIR")
        .doesNotContain("[--model-name")
        .doesNotContain("[--out");
  }

  @Test
  void usageNamesEveryOptionOfTheCommand() {
    cli.run("extract", "--help");

    String synopsis = synopsis(cli.stdout());
    PrintStream nowhere = new PrintStream(OutputStream.nullOutputStream());
    Main.commandLine(
            new Console(nowhere, nowhere, new ActionsEnvironment(Map.of()), false), Map.of())
        .getSubcommands()
        .get("extract")
        .getCommandSpec()
        .options()
        .forEach(option -> assertThat(synopsis).contains(option.shortestName()));
  }

  /** The help's "Usage:" lines, up to the description. */
  private static String synopsis(String help) {
    int usage = help.indexOf("Usage:");
    return help.substring(usage, help.indexOf("Reads tar.gz", usage));
  }

  @Test
  void missingArchiveIsAUserError() {
    int exit =
        cli.run(
            "extract",
            work.resolve("nope.tgz").toString(),
            "--model-name",
            "m",
            "--out",
            work.toString());

    assertThat(exit).isEqualTo(ExitCode.FAILURE);
    assertThat(cli.stderr()).contains("nope.tgz is not a file");
  }

  @Test
  void reportsTheWarmupFileAVersionCarries() {
    Path warm = TfModels.halfPlusTwo(exports.resolve("warm/1"));
    WarmupFixtures.write(warm, 2);
    Path archive = archive(ArchiveBuilder.tgz().tree("export/1/", warm));

    int exit =
        cli.run(
            "extract",
            archive.toString(),
            "--model-name",
            "half_plus_two",
            "--out",
            work.resolve("models").toString());

    assertThat(exit).isEqualTo(ExitCode.OK);
    assertThat(cli.stderr())
        .contains(
            "version 1: Warmup: assets.extra/tf_serving_warmup_requests holds 2 records, all"
                + " valid");
  }

  @Test
  void refusesADamagedWarmupFileAndLeavesNothingBehind() {
    Path warm = TfModels.halfPlusTwo(exports.resolve("warm_bad/1"));
    WarmupFixtures.damageLastRecord(WarmupFixtures.write(warm, 2));
    Path archive = archive(ArchiveBuilder.tgz().tree("export/1/", warm));

    int exit =
        cli.run(
            "extract",
            archive.toString(),
            "--model-name",
            "half_plus_two",
            "--out",
            work.resolve("models").toString());

    assertThat(exit).isEqualTo(ExitCode.FAILURE);
    assertThat(cli.stderr().lines().filter(line -> line.startsWith("error: ")))
        .singleElement()
        .asString()
        .startsWith(
            "error: model.tgz, version directory 1: assets.extra/tf_serving_warmup_requests record"
                + " 1: its data CRC does not match");
    assertThat(work.resolve("models")).doesNotExist();
  }
}
