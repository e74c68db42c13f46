package dev.tfsdeploy.serving;

import com.google.protobuf.DynamicMessage;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.tfsdeploy.UserError;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.tensorflow.proto.SignatureDef;

/**
 * A version's warmup file, {@code assets.extra/tf_serving_warmup_requests}: TFRecords of
 * PredictionLogs that TF Serving replays before it marks the version AVAILABLE. TF Serving refuses
 * to load a version whose file is damaged, holds more than {@value #MAX_RECORDS} records, or holds
 * a record it cannot replay, so the same is checked here before a model is published.
 */
public final class WarmupFile {
  /** Where TF Serving looks for the file, relative to the version directory. */
  public static final String PATH = "assets.extra/tf_serving_warmup_requests";

  /** TF Serving's limit (saved_model_warmup_util.cc, kMaxNumRecordsInWarmupFile). */
  public static final int MAX_RECORDS = 1000;

  /** The signature TF Serving uses when a request names none. */
  private static final String DEFAULT_SIGNATURE = "serving_default";

  private static final String FIX =
      "fix or remove the file (tfs-deploy build-image --warmup-request FILE or"
          + " --warmup-from-signature writes a valid one)";

  private WarmupFile() {}

  /** What a checked warmup file of {@code records} records is, for people. */
  public static String describe(int records) {
    return "Warmup: "
        + PATH
        + " holds "
        + records
        + " record"
        + (records == 1 ? "" : "s")
        + ", all valid";
  }

  /** Writes {@code logs} (PredictionLogs) as the TFRecord file {@code file}. */
  public static void write(Path file, List<DynamicMessage> logs) throws IOException {
    Files.createDirectories(file.getParent());
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file))) {
      for (DynamicMessage log : logs) {
        TfRecords.write(out, log.toByteArray());
      }
    }
  }

  /**
   * Checks the warmup file of a version as TF Serving will replay it and returns how many records
   * it holds. Predict records must name a signature of {@code signatures} and give exactly its
   * inputs.
   *
   * @param label how messages name the version
   * @throws UserError one line naming the version, the record's index (from 0) and what is wrong
   */
  public static int validate(Path file, String label, Map<String, SignatureDef> signatures) {
    try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
      TfRecords.Reader reader = new TfRecords.Reader(in, Files.size(file));
      int count = 0;
      for (byte[] data = next(reader, label, count);
          data != null;
          data = next(reader, label, count)) {
        if (count == MAX_RECORDS) {
          throw new UserError(
              label
                  + ": "
                  + PATH
                  + " holds more than "
                  + MAX_RECORDS
                  + " records, TF Serving's limit",
              "keep at most " + MAX_RECORDS + " records (a handful warm a model up)");
        }
        checkRecord(parse(data, label, count), label, count, signatures);
        count++;
      }
      return count;
    } catch (IOException e) {
      throw new UserError(
          "cannot read " + file + ": " + e.getMessage(), "check its permissions", e);
    }
  }

  private static byte[] next(TfRecords.Reader reader, String label, int index) throws IOException {
    try {
      return reader.next();
    } catch (TfRecords.CorruptRecord e) {
      throw recordError(label, index, e.getMessage());
    }
  }

  private static DynamicMessage parse(byte[] data, String label, int index) {
    try {
      return DynamicMessage.parseFrom(PredictionLogs.PREDICTION_LOG, data);
    } catch (InvalidProtocolBufferException e) {
      throw recordError(
          label, index, "it does not parse as a PredictionLog (" + e.getMessage() + ")");
    }
  }

  private static void checkRecord(
      DynamicMessage log, String label, int index, Map<String, SignatureDef> signatures) {
    String type =
        PredictionLogs.logType(log)
            .orElseThrow(
                () ->
                    recordError(
                        label,
                        index,
                        "it is not a PredictionLog TF Serving replays: it holds no log type"));
    if (!PredictionLogs.replayed(type)) {
      throw recordError(
          label, index, "it is a " + type + ", which TF Serving's warmup cannot replay");
    }
    PredictionLogs.predictRequest(log)
        .ifPresent(request -> checkPredict(request, label, index, signatures));
  }

  private static void checkPredict(
      DynamicMessage request, String label, int index, Map<String, SignatureDef> signatures) {
    String name = PredictProtocol.signatureName(request);
    String signatureName = name.isEmpty() ? DEFAULT_SIGNATURE : name;
    SignatureDef signature = signatures.get(signatureName);
    if (signature == null) {
      throw recordError(
          label,
          index,
          "it asks for signature "
              + signatureName
              + ", which the model does not have (it has: "
              + String.join(", ", new TreeSet<>(signatures.keySet()))
              + ")");
    }
    Set<String> given = PredictProtocol.tensors(request).keySet();
    Set<String> expected = new TreeSet<>(signature.getInputsMap().keySet());
    if (!given.equals(expected)) {
      throw recordError(
          label,
          index,
          "it gives inputs " + given + ", but signature " + signatureName + " takes " + expected);
    }
  }

  private static UserError recordError(String label, int index, String problem) {
    return new UserError(label + ": " + PATH + " record " + index + ": " + problem, FIX);
  }
}
