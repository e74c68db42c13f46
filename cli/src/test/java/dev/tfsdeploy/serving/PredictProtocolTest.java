package dev.tfsdeploy.serving;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.DynamicMessage;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.UnknownFieldSet;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.SignatureDef;
import org.tensorflow.proto.TensorInfo;
import org.tensorflow.proto.TensorProto;

/**
 * The predict and metadata messages on the wire: the field numbers of TF Serving's predict.proto,
 * model.proto and get_model_metadata.proto (PredictRequest: model_spec 1, inputs 2; ModelSpec: name
 * 1, version 2, signature_name 3; PredictResponse: outputs 1, model_spec 2;
 * GetModelMetadataRequest: model_spec 1, metadata_field 2; GetModelMetadataResponse: model_spec 1,
 * metadata 2; SignatureDefMap: signature_def 1), read back without these descriptors.
 */
class PredictProtocolTest {
  static final TensorProto X =
      TensorProto.newBuilder().setDtype(DataType.DT_FLOAT).addFloatVal(1.5f).build();

  @Test
  void aPredictRequestCarriesModelSpecAndInputsUnderTfServingsFieldNumbers()
      throws InvalidProtocolBufferException {
    DynamicMessage request =
        PredictProtocol.request(
            "half_plus_two", Optional.of(123L), "serving_default", Map.of("x", X));

    UnknownFieldSet wire = UnknownFieldSet.parseFrom(request.toByteArray());
    UnknownFieldSet spec = UnknownFieldSet.parseFrom(only(wire, 1));
    assertThat(only(spec, 1).toStringUtf8()).isEqualTo("half_plus_two");
    assertThat(UnknownFieldSet.parseFrom(only(spec, 2)).getField(1).getVarintList())
        .containsExactly(123L);
    assertThat(only(spec, 3).toStringUtf8()).isEqualTo("serving_default");
    UnknownFieldSet entry = UnknownFieldSet.parseFrom(only(wire, 2));
    assertThat(only(entry, 1).toStringUtf8()).isEqualTo("x");
    assertThat(TensorProto.parseFrom(only(entry, 2))).isEqualTo(X);
  }

  @Test
  void aPredictResponsesOutputsAreFieldOne() throws InvalidProtocolBufferException {
    DynamicMessage response = PredictProtocol.response("half_plus_two", 1, Map.of("y", X));

    UnknownFieldSet wire = UnknownFieldSet.parseFrom(response.toByteArray());
    UnknownFieldSet entry = UnknownFieldSet.parseFrom(only(wire, 1));
    assertThat(only(entry, 1).toStringUtf8()).isEqualTo("y");
    assertThat(UnknownFieldSet.parseFrom(only(wire, 2)).getField(1).getLengthDelimitedList())
        .hasSize(1);
    assertThat(PredictProtocol.tensors(response)).containsExactly(Map.entry("y", X));
  }

  @Test
  void aMetadataRequestAsksForTheSignatureDefField() throws InvalidProtocolBufferException {
    UnknownFieldSet wire =
        UnknownFieldSet.parseFrom(PredictProtocol.metadataRequest("half_plus_two").toByteArray());

    assertThat(only(UnknownFieldSet.parseFrom(only(wire, 1)), 1).toStringUtf8())
        .isEqualTo("half_plus_two");
    assertThat(only(wire, 2).toStringUtf8()).isEqualTo("signature_def");
  }

  @Test
  void theSignaturesOfAMetadataResponseArePackedAsASignatureDefMapAndReadBack()
      throws InvalidProtocolBufferException {
    SignatureDef signature =
        SignatureDef.newBuilder()
            .putInputs(
                "x", TensorInfo.newBuilder().setName("x:0").setDtype(DataType.DT_FLOAT).build())
            .setMethodName("tensorflow/serving/predict")
            .build();

    DynamicMessage response =
        PredictProtocol.metadataResponse("half_plus_two", 1, Map.of("serving_default", signature));

    UnknownFieldSet entry =
        UnknownFieldSet.parseFrom(only(UnknownFieldSet.parseFrom(response.toByteArray()), 2));
    assertThat(only(entry, 1).toStringUtf8()).isEqualTo("signature_def");
    UnknownFieldSet any = UnknownFieldSet.parseFrom(only(entry, 2));
    assertThat(only(any, 1).toStringUtf8())
        .isEqualTo("type.googleapis.com/tensorflow.serving.SignatureDefMap");
    assertThat(PredictProtocol.signatures(response))
        .containsExactly(Map.entry("serving_default", signature));
  }

  @Test
  void aResponseWithoutSignatureMetadataListsNone() {
    DynamicMessage empty = DynamicMessage.getDefaultInstance(PredictProtocol.METADATA_RESPONSE);

    assertThat(PredictProtocol.signatures(empty)).isEmpty();
  }

  /** The one length-delimited value of field {@code number}. */
  private static com.google.protobuf.ByteString only(UnknownFieldSet fields, int number) {
    assertThat(fields.getField(number).getLengthDelimitedList()).as("field %d", number).hasSize(1);
    return fields.getField(number).getLengthDelimitedList().get(0);
  }
}
