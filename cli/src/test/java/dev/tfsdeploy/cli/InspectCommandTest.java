package dev.tfsdeploy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tfsdeploy.model.ReferenceFixtures;
import dev.tfsdeploy.model.TfModels;
import dev.tfsdeploy.serving.WarmupFixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InspectCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path exports;
  private final ModelCommandRunner cli = new ModelCommandRunner();

  @BeforeAll
  static void export() {
    TfModels.halfPlusTwo(exports.resolve("model/1"));
    TfModels.constantOnly(exports.resolve("model/2"));
    TfModels.withoutServingDefault(exports.resolve("no_default/1"));
  }

  @Test
  void jsonOfAVersionDirectoryHasTfServingsMetadataShape() throws IOException {
    Path testdata = ReferenceFixtures.tfServingTestdata();

    int exit =
        cli.run(
            "inspect",
            testdata.resolve("saved_model_half_plus_two_cpu/00000123").toString(),
            "--json");

    assertThat(exit).isEqualTo(ExitCode.OK);
    JsonNode printed = JSON.readTree(cli.stdout());
    JsonNode tfServing =
        JSON.readTree(testdata.resolve("half_plus_two_model_metadata.json").toFile());
    assertThat(printed.get("version").asText()).isEqualTo("123");
    assertThat(printed.get("signature_def")).isEqualTo(tfServing.at("/metadata/signature_def"));
  }

  @Test
  void textLooksLikeSavedModelCliShowAll() {
    Path halfPlusTwo = ReferenceFixtures.halfPlusTwo();

    assertThat(cli.run("inspect", halfPlusTwo.toString())).isEqualTo(ExitCode.OK);

    assertThat(cli.stdout())
        .startsWith(
            "Version 123: "
                + halfPlusTwo
                + "\n\nMetaGraphDef with tag-set: 'serve' contains the following SignatureDefs:\n")
        .contains(
            """
            signature_def['classify_x_to_y']:
              The given SavedModel SignatureDef contains the following input(s):
                inputs['inputs'] tensor_info:
                    dtype: DT_STRING
                    shape: unknown_rank
                    name: tf_example:0
              The given SavedModel SignatureDef contains the following output(s):
                outputs['scores'] tensor_info:
                    dtype: DT_FLOAT
                    shape: (-1, 1)
                    name: y:0
              Method name is: tensorflow/serving/classify
            """)
        .contains(
            """
            signature_def['serving_default']:
              The given SavedModel SignatureDef contains the following input(s):
                inputs['x'] tensor_info:
                    dtype: DT_FLOAT
                    shape: (-1, 1)
                    name: x:0
              The given SavedModel SignatureDef contains the following output(s):
                outputs['y'] tensor_info:
                    dtype: DT_FLOAT
                    shape: (-1, 1)
                    name: y:0
              Method name is: tensorflow/serving/predict\
            """);
  }

  @Test
  void modelDirectoryWithTwoVersionsPrintsAJsonArray() throws IOException {
    assertThat(cli.run("inspect", exports.resolve("model").toString(), "--json"))
        .isEqualTo(ExitCode.OK);

    JsonNode printed = JSON.readTree(cli.stdout());
    assertThat(printed.isArray()).isTrue();
    assertThat(printed).extracting(node -> node.get("version").asText()).containsExactly("1", "2");
    assertThat(
            printed
                .get(1)
                .at("/signature_def/signature_def/serving_default/inputs/x/tensor_shape/dim/0/size")
                .asText())
        .isEqualTo("-1");
  }

  @Test
  void modelDirectoryWithTwoVersionsPrintsBothAsText() {
    assertThat(cli.run("inspect", exports.resolve("model").toString())).isEqualTo(ExitCode.OK);

    assertThat(cli.stdout()).contains("Version 1: ").contains("Version 2: ");
    assertThat(cli.stdout().split("MetaGraphDef with tag-set: 'serve'", -1)).hasSize(3);
  }

  @Test
  void badHalfPlusTwoIsRefusedWithNothingOnStdout() {
    Path bad = ReferenceFixtures.tfServingTestdata().resolve("bad_half_plus_two");

    int exit = cli.run("inspect", bad.toString(), "--json");

    assertThat(exit).isEqualTo(ExitCode.FAILURE);
    assertThat(cli.stdout()).isEmpty();
    assertThat(cli.stderr()).startsWith("error: ").contains("is not a SavedModel");
  }

  @Test
  void missingServingDefaultIsAWarningOnStderr() {
    int exit = cli.run("inspect", exports.resolve("no_default/1").toString(), "--json");

    assertThat(exit).isEqualTo(ExitCode.OK);
    assertThat(cli.stderr()).contains("warning: ").contains("no 'serving_default' signature");
    assertThat(cli.stdout()).contains("\"identity\"");
  }

  @Test
  void anArchiveIsNamedAsOneWithHowToExtractIt() throws IOException {
    Path archive = Files.writeString(exports.resolve("model.tar.gz"), "not read");

    int exit = cli.run("inspect", archive.toString());

    assertThat(exit).isEqualTo(ExitCode.FAILURE);
    assertThat(cli.stderr().strip())
        .isEqualTo(
            "error: "
                + archive
                + " is an archive, not a model directory — unpack it"
                + " first: tfs-deploy extract "
                + archive
                + " --model-name NAME --out DIR, then use DIR/NAME");
  }

  @Test
  void aMissingPathIsSaidNotToExistWithHowToExtractAModel() {
    Path missing = exports.resolve("nowhere");

    int exit = cli.run("inspect", missing.toString());

    assertThat(exit).isEqualTo(ExitCode.FAILURE);
    assertThat(cli.stderr())
        .contains(missing + " does not exist")
        .contains("tfs-deploy extract ARCHIVE --model-name NAME --out DIR");
  }

  @Test
  void anOrdinaryFileIsSaidToBeAFile() throws IOException {
    Path file = Files.writeString(exports.resolve("notes.txt"), "x");

    int exit = cli.run("inspect", file.toString());

    assertThat(exit).isEqualTo(ExitCode.FAILURE);
    assertThat(cli.stderr()).contains(file + " is a file, not a directory");
  }

  @Test
  void jsonCountsEachVersionsWarmupRecords() throws IOException {
    Path model = exports.resolve("warm");
    TfModels.halfPlusTwo(model.resolve("1"));
    TfModels.halfPlusTwo(model.resolve("2"));
    WarmupFixtures.write(model.resolve("2"), 4);

    assertThat(cli.run("inspect", model.toString(), "--json")).isEqualTo(ExitCode.OK);

    JsonNode printed = JSON.readTree(cli.stdout());
    assertThat(printed)
        .extracting(node -> node.get("warmup_records").asInt())
        .containsExactly(0, 4);
  }

  @Test
  void textReportsTheWarmupFile() {
    Path version = TfModels.halfPlusTwo(exports.resolve("warm_text/1"));
    WarmupFixtures.write(version, 1);

    assertThat(cli.run("inspect", version.toString())).isEqualTo(ExitCode.OK);

    assertThat(cli.stdout())
        .contains(
            "Warmup: assets.extra/tf_serving_warmup_requests holds 1 record, all valid\n\n"
                + "MetaGraphDef");
  }

  @Test
  void aDamagedWarmupFileIsAOneLineErrorNamingTheRecord() {
    Path version = TfModels.halfPlusTwo(exports.resolve("warm_bad/1"));
    WarmupFixtures.damageLastRecord(WarmupFixtures.write(version, 3));

    int exit = cli.run("inspect", version.toString(), "--json");

    assertThat(exit).isEqualTo(ExitCode.FAILURE);
    assertThat(cli.stdout()).isEmpty();
    assertThat(cli.stderr().strip())
        .isEqualTo(
            "error: "
                + version
                + ": assets.extra/tf_serving_warmup_requests record 2: its data CRC does not match"
                + " (the record's bytes are damaged) — fix or remove the file (tfs-deploy"
                + " build-image --warmup-request FILE or --warmup-from-signature writes a valid"
                + " one)");
  }
}
