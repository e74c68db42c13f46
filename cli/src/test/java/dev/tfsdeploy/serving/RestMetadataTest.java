package dev.tfsdeploy.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.util.JsonFormat;
import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.SignatureDef;
import org.tensorflow.proto.TensorInfo;
import org.tensorflow.proto.TensorShapeProto;

/**
 * TF Serving's REST metadata answer: its handler writes the gRPC answer with protobuf's JSON
 * printer (proto field names kept) and unpacks the {@code Any} holding the SignatureDefMap.
 */
class RestMetadataTest {
  private static final SignatureDef HALF_PLUS_TWO =
      SignatureDef.newBuilder()
          .putInputs("x", tensor("x:0"))
          .putOutputs("y", tensor("y:0"))
          .setMethodName("tensorflow/serving/predict")
          .build();

  private static TensorInfo tensor(String name) {
    return TensorInfo.newBuilder()
        .setName(name)
        .setDtype(DataType.DT_FLOAT)
        .setTensorShape(
            TensorShapeProto.newBuilder()
                .addDim(TensorShapeProto.Dim.newBuilder().setSize(-1))
                .addDim(TensorShapeProto.Dim.newBuilder().setSize(1)))
        .build();
  }

  private static String answer(String signatureDefs) {
    return """
    {"model_spec": {"name": "half_plus_two", "signature_name": "", "version": "123"},
     "metadata": {"signature_def": {"signature_def": {%s}}}}
    """
        .formatted(signatureDefs);
  }

  @Test
  void readsEverySignatureAsTheServerPrintedIt() throws IOException {
    String printed = JsonFormat.printer().preservingProtoFieldNames().print(HALF_PLUS_TWO);

    Map<String, SignatureDef> signatures =
        RestMetadata.signatures(
            answer("\"serving_default\": " + printed + ", \"other\": " + printed));

    assertThat(signatures).containsOnlyKeys("serving_default", "other");
    assertThat(signatures.get("serving_default")).isEqualTo(HALF_PLUS_TWO);
  }

  @Test
  void readsTheInt64DimensionsTheServerWritesAsStrings() throws IOException {
    String written =
        """
        {"inputs": {"x": {"dtype": "DT_FLOAT", "name": "x:0",
           "tensor_shape": {"dim": [{"size": "-1", "name": ""}, {"size": "1", "name": ""}],
                            "unknown_rank": false}}},
         "outputs": {"y": {"dtype": "DT_FLOAT", "name": "y:0",
           "tensor_shape": {"dim": [{"size": "-1", "name": ""}, {"size": "1", "name": ""}],
                            "unknown_rank": false}}},
         "method_name": "tensorflow/serving/predict"}
        """;

    assertThat(RestMetadata.signatures(answer("\"serving_default\": " + written)))
        .containsEntry("serving_default", HALF_PLUS_TWO);
  }

  @Test
  void anAnswerWithoutSignaturesHasNone() throws IOException {
    assertThat(RestMetadata.signatures("{\"model_spec\": {}}")).isEmpty();
  }

  @Test
  void aSignatureThatIsNotASignatureDefNamesIt() {
    assertThatThrownBy(
            () -> RestMetadata.signatures(answer("\"serving_default\": {\"inputs\": 7}")))
        .isInstanceOf(IOException.class)
        .hasMessageStartingWith("signature serving_default in the metadata answer:");
  }
}
