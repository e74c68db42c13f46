package dev.tfsdeploy.warmup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.DynamicMessage;
import dev.tfsdeploy.UserError;
import dev.tfsdeploy.model.SavedModelValidator;
import dev.tfsdeploy.model.TfModels;
import dev.tfsdeploy.model.ValidatedVersion;
import dev.tfsdeploy.serving.PredictProtocol;
import dev.tfsdeploy.serving.PredictionLogs;
import dev.tfsdeploy.serving.TensorFlowRecords;
import dev.tfsdeploy.serving.WarmupFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WarmupWriterTest {
  @TempDir static Path exports;
  @TempDir Path temp;

  private static ValidatedVersion halfPlusTwo;

  @BeforeAll
  static void export() {
    halfPlusTwo =
        new SavedModelValidator().validateVersion(TfModels.halfPlusTwo(exports.resolve("1")));
  }

  private static List<DynamicMessage> requests(Path file) throws Exception {
    List<DynamicMessage> requests = new ArrayList<>();
    for (byte[] record : TensorFlowRecords.read(file)) {
      requests.add(
          PredictionLogs.predictRequest(
                  DynamicMessage.parseFrom(PredictionLogs.PREDICTION_LOG, record))
              .orElseThrow());
    }
    return requests;
  }

  @Test
  void generatedRecordsAreTheSameOnEveryBuildSoTheImageDigestIs() throws Exception {
    WarmupWriter writer =
        new WarmupWriter("half_plus_two", WarmupSpec.fromSignature("serving_default", 4));

    writer.write(halfPlusTwo, temp.resolve("a"));
    writer.write(halfPlusTwo, temp.resolve("b"));

    assertThat(Files.readAllBytes(temp.resolve("a")))
        .isEqualTo(Files.readAllBytes(temp.resolve("b")));
  }

  @Test
  void theBodysSignatureNameChoosesTheSignatureAndItsInputs() throws Exception {
    Path body =
        Files.writeString(
            temp.resolve("body.json"),
            "{\"signature_name\": \"regress_x_to_y\", \"inputs\": {\"inputs\": [[3.0]]}}");
    Path file = temp.resolve("warmup");

    int records =
        new WarmupWriter("half_plus_two", WarmupSpec.fromRequest(body, 2)).write(halfPlusTwo, file);

    assertThat(records).isEqualTo(2);
    List<DynamicMessage> requests = requests(file);
    assertThat(requests).hasSize(2);
    assertThat(PredictProtocol.signatureName(requests.get(0))).isEqualTo("regress_x_to_y");
    assertThat(PredictProtocol.tensors(requests.get(0)).get("inputs").getFloatValList())
        .containsExactly(3.0f);
    // What the writer writes, the validator accepts for the same version.
    assertThat(
            WarmupFile.validate(file, "version 1", halfPlusTwo.servingGraph().getSignatureDefMap()))
        .isEqualTo(2);
  }

  @Test
  void aBodyThatIsNotAPredictBodyIsRefusedNamingTheOption() throws Exception {
    Path body = Files.writeString(temp.resolve("body.json"), "[1, 2]");

    assertThatThrownBy(() -> new WarmupWriter("half_plus_two", WarmupSpec.fromRequest(body, 1)))
        .isInstanceOf(UserError.class)
        .hasMessage(
            "--warmup-request "
                + body
                + " is not a TF Serving predict body (an object with \"instances\" or \"inputs\")");
  }

  @Test
  void recordsOutsideOneToAThousandAreRefused() {
    assertThatThrownBy(() -> WarmupSpec.fromSignature("serving_default", 0))
        .isInstanceOf(UserError.class)
        .hasMessage("--warmup-records 0 is not between 1 and 1000");
    assertThat(WarmupSpec.fromSignature("serving_default", 1000).records()).isEqualTo(1000);
  }

  @Test
  void everyGeneratedRecordFitsTheSignaturesShapeWithABatchOfOne() throws Exception {
    Path file = temp.resolve("warmup");

    new WarmupWriter("half_plus_two", WarmupSpec.fromSignature("serving_default", 3))
        .write(halfPlusTwo, file);

    assertThat(requests(file))
        .allSatisfy(
            request ->
                assertThat(PredictProtocol.tensors(request))
                    .hasEntrySatisfying(
                        "x",
                        x ->
                            assertThat(x.getTensorShape().getDimList())
                                .extracting(dim -> dim.getSize())
                                .containsExactly(1L, 1L)))
        .extracting(request -> PredictProtocol.tensors(request).keySet())
        .containsOnly(java.util.Set.of("x"));
  }
}
