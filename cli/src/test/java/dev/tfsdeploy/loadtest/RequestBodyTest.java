package dev.tfsdeploy.loadtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tfsdeploy.UserError;
import dev.tfsdeploy.model.ArchiveLimits;
import dev.tfsdeploy.model.ExtractListener;
import dev.tfsdeploy.model.ExtractRequest;
import dev.tfsdeploy.model.ModelExtractor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.SessionFunction;
import org.tensorflow.Signature;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.StdArrays;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.TString;

/** Predict bodies generated from real SavedModels' signatures are what those models accept. */
class RequestBodyTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Path EXAMPLE =
      Path.of(
          System.getProperty("tfsdeploy.projectRoot", ".."), "examples", "half_plus_two.tar.gz");

  @TempDir Path dir;

  private Path example() {
    return new ModelExtractor(ExtractListener.NONE)
        .extract(
            new ExtractRequest(
                EXAMPLE,
                "half_plus_two",
                dir.resolve("models"),
                null,
                null,
                ArchiveLimits.DEFAULTS))
        .modelDir();
  }

  private static JsonNode json(RequestBody body) throws IOException {
    return MAPPER.readTree(body.bytes());
  }

  @Test
  void generatesInstancesTheExampleModelRuns() throws IOException {
    Path model = example();
    JsonNode body = json(RequestBody.fromSignature(model, "serving_default", 3, 7));

    // x is float (-1, 1): three instances of one float each.
    assertThat(body.fieldNames()).toIterable().containsExactly("instances");
    JsonNode instances = body.get("instances");
    assertThat(instances).hasSize(3);
    float[][] x = new float[3][1];
    for (int i = 0; i < 3; i++) {
      assertThat(instances.get(i)).hasSize(1);
      assertThat(instances.get(i).get(0).isFloatingPointNumber()).isTrue();
      x[i][0] = instances.get(i).get(0).floatValue();
    }
    try (SavedModelBundle bundle = SavedModelBundle.load(model.resolve("1").toString(), "serve");
        TFloat32 input = TFloat32.tensorOf(StdArrays.ndCopyOf(x));
        Result result = bundle.function("serving_default").call(Map.of("x", input))) {
      TFloat32 y = (TFloat32) result.get("y").orElseThrow();
      assertThat(y.shape()).isEqualTo(Shape.of(3, 1));
      for (int i = 0; i < 3; i++) {
        assertThat(y.getFloat(i, 0)).isEqualTo(0.5f * x[i][0] + 2f);
      }
    }
  }

  @Test
  void theSameSeedGivesTheSameBodyAndAnotherSeedAnother() {
    Path model = example();

    assertThat(RequestBody.fromSignature(model, "serving_default", 4, 1).bytes())
        .isEqualTo(RequestBody.fromSignature(model, "serving_default", 4, 1).bytes())
        .isNotEqualTo(RequestBody.fromSignature(model, "serving_default", 4, 2).bytes());
  }

  @Test
  void anotherSignatureIsNamedInTheBody() throws IOException {
    JsonNode body = json(RequestBody.fromSignature(example(), "regress_x_to_y", 1, 1));

    assertThat(body.get("signature_name").asText()).isEqualTo("regress_x_to_y");
    assertThat(body.get("instances")).hasSize(1);
  }

  @Test
  void anUnknownSignatureListsTheModelsSignatures() {
    Path model = example();

    assertThatThrownBy(() -> RequestBody.fromSignature(model, "predict", 1, 1))
        .isInstanceOf(UserError.class)
        .hasMessageContaining("has no signature predict")
        .satisfies(
            e -> assertThat(((UserError) e).fix()).contains("regress_x_to_y, serving_default"));
  }

  @Test
  void generatesTypedColumnsForEveryInputOfAMultiInputModel() throws IOException {
    Path version = dir.resolve("multi/1");
    MultiInputModel.export(version);

    JsonNode inputs =
        json(RequestBody.fromSignature(version, "serving_default", 2, 1)).get("inputs");

    assertThat(inputs.fieldNames())
        .toIterable()
        .containsExactly("flag", "ids", "image_bytes", "scale", "text");
    assertThat(inputs.get("ids")).hasSize(2);
    assertThat(inputs.get("ids").get(0)).hasSize(3);
    assertThat(inputs.get("ids").get(1).get(2).isIntegralNumber()).isTrue();
    assertThat(inputs.get("flag").get(1).isBoolean()).isTrue();
    assertThat(inputs.get("text").get(0).isTextual()).isTrue();
    String b64 = inputs.get("image_bytes").get(0).get("b64").asText();
    assertThat(Base64.getDecoder().decode(b64)).isNotEmpty();
    assertThat(inputs.get("scale").isFloatingPointNumber()).isTrue();

    // TF Serving turns each column into a tensor; the model must run on them.
    long[][] ids = MAPPER.treeToValue(inputs.get("ids"), long[][].class);
    boolean[] flag = MAPPER.treeToValue(inputs.get("flag"), boolean[].class);
    String[] text = MAPPER.treeToValue(inputs.get("text"), String[].class);
    try (SavedModelBundle bundle = SavedModelBundle.load(version.toString(), "serve");
        TInt64 idsTensor = TInt64.tensorOf(StdArrays.ndCopyOf(ids));
        TBool flagTensor = TBool.vectorOf(flag);
        TString textTensor = TString.vectorOf(text);
        TString bytesTensor =
            TString.tensorOfBytes(
                NdArrays.vectorOfObjects(
                    Base64.getDecoder()
                        .decode(inputs.get("image_bytes").get(0).get("b64").asText()),
                    Base64.getDecoder()
                        .decode(inputs.get("image_bytes").get(1).get("b64").asText())));
        TFloat32 scaleTensor = TFloat32.scalarOf(inputs.get("scale").floatValue());
        Result result =
            bundle
                .function("serving_default")
                .call(
                    Map.of(
                        "ids",
                        idsTensor,
                        "flag",
                        flagTensor,
                        "text",
                        textTensor,
                        "image_bytes",
                        bytesTensor,
                        "scale",
                        scaleTensor))) {
      Tensor sum = result.get("id_sum").orElseThrow();
      assertThat(sum.shape()).isEqualTo(Shape.of(2));
      assertThat(((TInt64) sum).getLong(0)).isEqualTo(ids[0][0] + ids[0][1] + ids[0][2]);
    }
  }

  @Test
  void anInputOfUnknownShapeAsksForARequestFile() {
    Path version = dir.resolve("unknown/1");
    try (Graph graph = new Graph();
        Session session = new Session(graph)) {
      Ops tf = Ops.create(graph);
      Placeholder<TFloat32> x = tf.withName("x").placeholder(TFloat32.class);
      SessionFunction predict =
          session.function(
              Signature.builder()
                  .methodName("tensorflow/serving/predict")
                  .input("x", x)
                  .output("y", tf.identity(x))
                  .build());
      SavedModelBundle.exporter(version.toString()).withFunction(predict).export();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }

    assertThatThrownBy(() -> RequestBody.fromSignature(version, "serving_default", 1, 1))
        .isInstanceOf(UserError.class)
        .hasMessage("input x has an unknown shape");
  }

  @Test
  void aRequestFileIsSentAsWritten() throws IOException {
    Path file = dir.resolve("request.json");
    Files.writeString(
        file, "{\"signature_name\": \"serving_default\",\n \"instances\": [[1.0], [2.0]]}\n");

    assertThat(RequestBody.fromFile(file).bytes()).isEqualTo(Files.readAllBytes(file));
  }

  @Test
  void aRequestFileMustBeAPredictBody() throws IOException {
    Path notJson = dir.resolve("a.json");
    Files.writeString(notJson, "instances: [1]");
    Path noInstances = dir.resolve("b.json");
    Files.writeString(noInstances, "{\"examples\": [1]}", StandardCharsets.UTF_8);

    assertThatThrownBy(() -> RequestBody.fromFile(notJson))
        .isInstanceOf(UserError.class)
        .hasMessageContaining("is not JSON");
    assertThatThrownBy(() -> RequestBody.fromFile(noInstances))
        .isInstanceOf(UserError.class)
        .hasMessageContaining("is not a TF Serving predict body");
    assertThatThrownBy(() -> RequestBody.fromFile(dir.resolve("missing.json")))
        .isInstanceOf(UserError.class)
        .hasMessageContaining("cannot read --request");
  }
}
