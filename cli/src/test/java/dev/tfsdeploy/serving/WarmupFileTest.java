package dev.tfsdeploy.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import com.google.protobuf.DynamicMessage;
import dev.tfsdeploy.UserError;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.SignatureDef;
import org.tensorflow.proto.TensorInfo;
import org.tensorflow.proto.TensorProto;
import org.tensorflow.proto.TensorShapeProto;

class WarmupFileTest {
  private static final Map<String, SignatureDef> SIGNATURES =
      Map.of(
          "serving_default",
          SignatureDef.newBuilder()
              .putInputs(
                  "x", TensorInfo.newBuilder().setName("x:0").setDtype(DataType.DT_FLOAT).build())
              .build());

  @TempDir Path dir;

  private static TensorProto floats(float... values) {
    TensorProto.Builder tensor =
        TensorProto.newBuilder()
            .setDtype(DataType.DT_FLOAT)
            .setTensorShape(
                TensorShapeProto.newBuilder()
                    .addDim(TensorShapeProto.Dim.newBuilder().setSize(values.length))
                    .addDim(TensorShapeProto.Dim.newBuilder().setSize(1)));
    for (float value : values) {
      tensor.addFloatVal(value);
    }
    return tensor.build();
  }

  private static DynamicMessage predictLog(String signature, String input, float value) {
    return PredictionLogs.ofPredictRequest(
        PredictProtocol.request(
            "half_plus_two", Optional.empty(), signature, Map.of(input, floats(value))));
  }

  private Path written(List<DynamicMessage> logs) throws IOException {
    Path file = dir.resolve("1").resolve(WarmupFile.PATH);
    WarmupFile.write(file, logs);
    return file;
  }

  private Path threeRecords() throws IOException {
    return written(
        List.of(
            predictLog("serving_default", "x", 1f),
            predictLog("serving_default", "x", 2f),
            predictLog("serving_default", "x", 3f)));
  }

  private static String refusal(Path file) {
    try {
      WarmupFile.validate(file, "model version 1", SIGNATURES);
    } catch (UserError e) {
      assertThat(e.getMessage()).doesNotContain("\n");
      return e.getMessage();
    }
    throw new AssertionError(file + " was accepted");
  }

  @Test
  void tensorFlowReadsBackEveryRecordAsAPredictionLogWithTheModelSignatureAndTensors()
      throws Exception {
    Path file = threeRecords();

    List<byte[]> records = TensorFlowRecords.read(file);

    assertThat(records).hasSize(3);
    for (int i = 0; i < records.size(); i++) {
      DynamicMessage log = DynamicMessage.parseFrom(PredictionLogs.PREDICTION_LOG, records.get(i));
      assertThat(PredictionLogs.logType(log)).contains("predict_log");
      DynamicMessage request = PredictionLogs.predictRequest(log).orElseThrow();
      assertThat(PredictProtocol.modelName(request)).isEqualTo("half_plus_two");
      assertThat(PredictProtocol.signatureName(request)).isEqualTo("serving_default");
      assertThat(PredictProtocol.tensors(request)).containsExactly(Map.entry("x", floats(i + 1f)));
    }
  }

  @Test
  void aValidFileIsCountedRecordByRecord() throws IOException {
    assertThat(WarmupFile.validate(threeRecords(), "model version 1", SIGNATURES)).isEqualTo(3);
  }

  @Test
  void anEmptyFileHoldsNoRecords() throws IOException {
    assertThat(WarmupFile.validate(written(List.of()), "model version 1", SIGNATURES)).isZero();
  }

  @Test
  void aDamagedLengthIsRefusedByItsCrcAsTensorFlowRefusesIt() throws IOException {
    Path file = threeRecords();
    byte[] bytes = Files.readAllBytes(file);
    bytes[0] ^= 1; // the first record's length
    Files.write(file, bytes);

    assertThat(refusal(file))
        .isEqualTo(
            "model version 1: assets.extra/tf_serving_warmup_requests record 0: its length CRC"
                + " does not match (the length field is damaged)");
    assertThatThrownBy(() -> TensorFlowRecords.read(file)).hasMessageContaining("corrupted");
  }

  @Test
  void damagedDataIsRefusedByItsCrcAsTensorFlowRefusesIt() throws IOException {
    Path file = threeRecords();
    byte[] bytes = Files.readAllBytes(file);
    int recordLength = bytes.length / 3;
    bytes[recordLength + 14] ^= 0x40; // the second record's data
    Files.write(file, bytes);

    assertThat(refusal(file))
        .contains("record 1: its data CRC does not match (the record's bytes are damaged)");
    assertThatThrownBy(() -> TensorFlowRecords.read(file)).hasMessageContaining("corrupted");
  }

  @Test
  void aTruncatedFileNamesTheRecordItEndsIn() throws IOException {
    Path file = threeRecords();
    byte[] bytes = Files.readAllBytes(file);
    Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length - 2));

    assertThat(refusal(file)).contains("record 2: it is truncated");
  }

  @Test
  void aLengthPastTheEndIsTruncationNotAnAllocation() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    TfRecords.write(out, new byte[1 << 20]);
    Path file = dir.resolve("short");
    Files.write(file, java.util.Arrays.copyOf(out.toByteArray(), 100));

    assertThat(refusal(file))
        .contains("record 0: it is truncated: its header announces 1048576 bytes");
  }

  @Test
  void moreThanAThousandRecordsAreRefused() throws IOException {
    Path file = written(Collections.nCopies(1001, predictLog("serving_default", "x", 1f)));

    assertThat(refusal(file))
        .isEqualTo(
            "model version 1: assets.extra/tf_serving_warmup_requests holds more than 1000"
                + " records, TF Serving's limit");
  }

  @Test
  void aThousandRecordsAreAccepted() throws IOException {
    Path file = written(Collections.nCopies(1000, predictLog("serving_default", "x", 1f)));

    assertThat(WarmupFile.validate(file, "model version 1", SIGNATURES)).isEqualTo(1000);
  }

  @Test
  void aRecordThatDoesNotParseAsAPredictionLogIsRefused() throws IOException {
    Path file = dir.resolve("records");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    TfRecords.write(out, predictLog("serving_default", "x", 1f).toByteArray());
    TfRecords.write(out, new byte[] {(byte) 0xff, (byte) 0xff}); // a truncated varint tag
    Files.write(file, out.toByteArray());

    assertThat(refusal(file)).contains("record 1: it does not parse as a PredictionLog");
  }

  @Test
  void aRecordHoldingNoLogIsNotAPredictionLogTfServingReplays() throws IOException {
    Path file = dir.resolve("records");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    // A tf.Example-like message: it parses, but as no field PredictionLog knows.
    TfRecords.write(out, ByteString.copyFromUtf8("\u0052\u0003abc").toByteArray());
    Files.write(file, out.toByteArray());

    assertThat(refusal(file))
        .contains("record 0: it is not a PredictionLog TF Serving replays: it holds no log type");
  }

  @Test
  void aSessionRunLogIsRefusedAsWarmupCannotReplayIt() throws IOException {
    Path file = dir.resolve("records");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    TfRecords.write(out, new byte[] {0x2a, 0x00}); // field 5 (session_run_log), empty
    Files.write(file, out.toByteArray());

    assertThat(refusal(file))
        .contains("record 0: it is a session_run_log, which TF Serving's warmup cannot replay");
  }

  @Test
  void aPredictRecordForASignatureTheModelLacksIsRefused() throws IOException {
    Path file =
        written(List.of(predictLog("serving_default", "x", 1f), predictLog("other", "x", 1f)));

    assertThat(refusal(file))
        .contains(
            "record 1: it asks for signature other, which the model does not have (it has:"
                + " serving_default)");
  }

  @Test
  void aPredictRecordWithOtherInputsThanTheSignatureIsRefused() throws IOException {
    Path file = written(List.of(predictLog("", "y", 1f)));

    assertThat(refusal(file))
        .contains("record 0: it gives inputs [y], but signature serving_default takes [x]");
  }

  @Test
  void recordsOfManySizesRoundTripThroughTheFraming() throws Exception {
    List<byte[]> records = new ArrayList<>();
    for (int size : new int[] {0, 1, 255, 65_537}) {
      byte[] data = new byte[size];
      new java.util.Random(size).nextBytes(data);
      records.add(data);
    }
    Path file = dir.resolve("sizes");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] data : records) {
      TfRecords.write(out, data);
    }
    Files.write(file, out.toByteArray());

    assertThat(TensorFlowRecords.read(file)).containsExactlyElementsOf(records);
  }
}
