package dev.tfsdeploy.serving;

import com.google.protobuf.DynamicMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.TensorProto;
import org.tensorflow.proto.TensorShapeProto;

/** Warmup files for tests' versions of half_plus_two (input x, float, shape (-1, 1)). */
public final class WarmupFixtures {
  private WarmupFixtures() {}

  /** Writes {@code records} predict records for serving_default into {@code versionDir}. */
  public static Path write(Path versionDir, int records) {
    TensorProto x =
        TensorProto.newBuilder()
            .setDtype(DataType.DT_FLOAT)
            .setTensorShape(
                TensorShapeProto.newBuilder()
                    .addDim(TensorShapeProto.Dim.newBuilder().setSize(1))
                    .addDim(TensorShapeProto.Dim.newBuilder().setSize(1)))
            .addFloatVal(1f)
            .build();
    DynamicMessage log =
        PredictionLogs.ofPredictRequest(
            PredictProtocol.request(
                "half_plus_two", Optional.empty(), "serving_default", Map.of("x", x)));
    Path file = versionDir.resolve(WarmupFile.PATH);
    try {
      WarmupFile.write(file, Collections.nCopies(records, log));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return file;
  }

  /** Flips a bit in the data of the file's last record, so its data CRC no longer matches. */
  public static void damageLastRecord(Path file) {
    try {
      byte[] bytes = Files.readAllBytes(file);
      bytes[bytes.length - 6] ^= 1;
      Files.write(file, bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
