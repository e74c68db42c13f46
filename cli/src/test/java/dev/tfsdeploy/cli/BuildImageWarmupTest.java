package dev.tfsdeploy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.DynamicMessage;
import dev.tfsdeploy.actions.ActionsEnvironment;
import dev.tfsdeploy.actions.Console;
import dev.tfsdeploy.image.LayerTar;
import dev.tfsdeploy.image.TestRegistry;
import dev.tfsdeploy.model.TfModels;
import dev.tfsdeploy.serving.PredictProtocol;
import dev.tfsdeploy.serving.PredictionLogs;
import dev.tfsdeploy.serving.TensorFlowRecords;
import dev.tfsdeploy.serving.WarmupFixtures;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.TensorProto;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;

/**
 * {@code build-image --warmup-*} end to end: the image pushed to a real registry carries the warmup
 * file in the model's layer, and TensorFlow's record reader reads back what was asked for.
 */
@Testcontainers
class BuildImageWarmupTest {
  private static final String MODEL = "half_plus_two";
  private static final String WARMUP_ENTRY =
      "models/half_plus_two/1/assets.extra/tf_serving_warmup_requests";

  @Container static final TestRegistry registry = new TestRegistry().withServingBase();

  @TempDir Path temp;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private final Map<String, String> env = new HashMap<>();
  private Path model;

  @BeforeEach
  void model() {
    model = temp.resolve("model");
    TfModels.halfPlusTwo(model.resolve("1"));
    env.put("DOCKER_CONFIG", temp.resolve("docker").toString());
  }

  @Test
  void fromSignatureTheModelLayerCarriesRecordsTensorFlowReadsAsPredictionLogs() throws Exception {
    int exit = buildImage("warm/signature", "--warmup-from-signature", "--warmup-records", "3");

    assertThat(exit).as(stderr()).isZero();
    List<DynamicMessage> requests = warmupRequests("warm/signature");
    assertThat(requests).hasSize(3);
    for (DynamicMessage request : requests) {
      assertThat(PredictProtocol.modelName(request)).isEqualTo(MODEL);
      assertThat(PredictProtocol.signatureName(request)).isEqualTo("serving_default");
      TensorProto x = PredictProtocol.tensors(request).get("x");
      assertThat(x.getDtype()).isEqualTo(DataType.DT_FLOAT);
      assertThat(x.getTensorShape().getDimList())
          .extracting(dim -> dim.getSize())
          .containsExactly(1L, 1L);
      assertThat(x.getFloatValCount()).isEqualTo(1);
    }
    assertThat(stderr()).contains("version 1: 3 warmup records in assets.extra/");
  }

  @Test
  void fromARequestFileEveryRecordHoldsTheBodysTensors() throws Exception {
    Path body = Files.writeString(temp.resolve("body.json"), "{\"instances\": [[1.0], [2.5]]}");

    int exit = buildImage("warm/request", "--warmup-request", body.toString());

    assertThat(exit).as(stderr()).isZero();
    List<DynamicMessage> requests = warmupRequests("warm/request");
    assertThat(requests).hasSize(5); // the default: a handful
    TensorProto x = PredictProtocol.tensors(requests.get(0)).get("x");
    assertThat(x.getTensorShape().getDimList())
        .extracting(dim -> dim.getSize())
        .containsExactly(2L, 1L);
    assertThat(x.getFloatValList()).containsExactly(1.0f, 2.5f);
  }

  @Test
  void theWarmupFileChangesTheModelTag() {
    assertThat(buildImage("warm/tags")).as(stderr()).isZero();
    assertThat(buildImage("warm/tags", "--warmup-from-signature")).as(stderr()).isZero();

    assertThat(registry.tags("warm/tags")).filteredOn(tag -> tag.startsWith("model-")).hasSize(2);
  }

  @Test
  void aModelThatAlreadyHasAWarmupFileIsNotGivenAnother() {
    WarmupFixtures.write(model.resolve("1"), 2);

    int exit = buildImage("warm/twice", "--warmup-from-signature");

    assertThat(exit).isEqualTo(ExitCode.FAILURE);
    assertThat(stderr())
        .endsWith(
            "error: "
                + model.resolve("1")
                + " already has assets.extra/tf_serving_warmup_requests — leave out"
                + " --warmup-request and --warmup-from-signature to ship that file, or remove"
                + " it\n");
    assertThat(registry.uploadedBlobs("warm/twice")).isEmpty();
  }

  @Test
  void aModelsOwnValidWarmupFileIsShippedAsItIs() throws Exception {
    WarmupFixtures.write(model.resolve("1"), 2);

    assertThat(buildImage("warm/own")).as(stderr()).isZero();

    assertThat(warmupRequests("warm/own")).hasSize(2);
    assertThat(stderr()).contains("holds 2 records, all valid");
  }

  @Test
  void aDamagedWarmupFileIsRefusedBeforeAnythingIsPushed() {
    WarmupFixtures.damageLastRecord(WarmupFixtures.write(model.resolve("1"), 2));

    int exit = buildImage("warm/damaged");

    assertThat(exit).isEqualTo(ExitCode.FAILURE);
    assertThat(stderr().lines().filter(line -> line.startsWith("error: ")))
        .singleElement()
        .asString()
        .contains("assets.extra/tf_serving_warmup_requests record 1: its data CRC does not match");
    assertThat(registry.uploadedBlobs("warm/damaged")).isEmpty();
  }

  @Test
  void moreThanAThousandRecordsAreRefusedBeforeAnyWork() {
    int exit = buildImage("warm/many", "--warmup-from-signature", "--warmup-records", "1001");

    assertThat(exit).isEqualTo(ExitCode.FAILURE);
    assertThat(stderr())
        .endsWith(
            "error: --warmup-records 1001 is not between 1 and 1000 — pass 1 to 1000 (TF"
                + " Serving's limit); a handful warm a model up\n");
  }

  @Test
  void bothSourcesOfWarmupRecordsAreRefused() {
    int exit = buildImage("warm/both", "--warmup-from-signature", "--warmup-request", "body.json");

    assertThat(exit).isEqualTo(ExitCode.FAILURE);
    assertThat(stderr())
        .endsWith(
            "error: --warmup-request and --warmup-from-signature both give warmup records — pass"
                + " one of them\n");
  }

  @Test
  void warmupRecordsWithoutASourceAreRefused() {
    int exit = buildImage("warm/count-only", "--warmup-records", "3");

    assertThat(exit).isEqualTo(ExitCode.FAILURE);
    assertThat(stderr())
        .endsWith(
            "error: --warmup-records 3 without warmup requests to write — add --warmup-request"
                + " FILE or --warmup-from-signature\n");
  }

  @Test
  void aSignatureTheModelLacksIsNamedWithTheOnesItHas() {
    int exit = buildImage("warm/nosig", "--warmup-from-signature=classify");

    assertThat(exit).isEqualTo(ExitCode.FAILURE);
    assertThat(stderr())
        .endsWith(
            "error: "
                + model.resolve("1")
                + " has no signature classify to warm up — name one of its signatures"
                + " (regress_x_to_y, serving_default) in --warmup-from-signature\n");
  }

  @Test
  void aBodyThatDoesNotFitTheSignatureNamesTheOption() throws IOException {
    Path body = Files.writeString(temp.resolve("body.json"), "{\"inputs\": {\"z\": [1.0]}}");

    int exit = buildImage("warm/misfit", "--warmup-request", body.toString());

    assertThat(exit).isEqualTo(ExitCode.FAILURE);
    assertThat(stderr())
        .contains("error: --warmup-request " + body + ": \"inputs\" names input z")
        .hasLineCount(1);
  }

  /** The predict requests of the warmup file in the pushed image, read by TensorFlow. */
  private List<DynamicMessage> warmupRequests(String repository) throws IOException {
    JsonNode manifest = registry.manifest(repository, registry.tags(repository).get(0));
    for (JsonNode layer : manifest.get("layers")) {
      LayerTar tar = LayerTar.read(registry.blob(repository, layer.get("digest").asText()));
      for (LayerTar.Entry entry : tar.entries()) {
        if (entry.name().replaceFirst("^/", "").equals(WARMUP_ENTRY)) {
          Path file = Files.write(temp.resolve("warmup-" + layer.hashCode()), entry.content());
          List<DynamicMessage> requests = new ArrayList<>();
          for (byte[] record : TensorFlowRecords.read(file)) {
            DynamicMessage log = DynamicMessage.parseFrom(PredictionLogs.PREDICTION_LOG, record);
            requests.add(PredictionLogs.predictRequest(log).orElseThrow());
          }
          return requests;
        }
      }
    }
    throw new AssertionError(repository + " has no layer holding " + WARMUP_ENTRY);
  }

  private int buildImage(String repository, String... extra) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "build-image",
                "--model-dir",
                model.toString(),
                "--model-name",
                MODEL,
                "--base",
                registry.servingBase().toString(),
                "--image",
                registry.address() + "/" + repository,
                "--insecure-registry"));
    args.addAll(List.of(extra));
    return run(args.toArray(String[]::new));
  }

  private int run(String... args) {
    Console console =
        new Console(
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            new ActionsEnvironment(env),
            false);
    return Main.run(args, console, env);
  }

  private String stderr() {
    return err.toString(StandardCharsets.UTF_8);
  }
}
