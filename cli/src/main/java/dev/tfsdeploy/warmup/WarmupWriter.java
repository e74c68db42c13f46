package dev.tfsdeploy.warmup;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.DynamicMessage;
import dev.tfsdeploy.UserError;
import dev.tfsdeploy.model.SavedModelValidator;
import dev.tfsdeploy.model.ValidatedVersion;
import dev.tfsdeploy.serving.ExampleInputs;
import dev.tfsdeploy.serving.JsonTensors;
import dev.tfsdeploy.serving.PredictBody;
import dev.tfsdeploy.serving.PredictProtocol;
import dev.tfsdeploy.serving.PredictionLogs;
import dev.tfsdeploy.serving.WarmupFile;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import org.tensorflow.proto.SignatureDef;

/**
 * Writes the warmup file each version of a model gets: PredictionLogs whose predict requests are
 * converted from a REST predict body by the rules {@code loadtest --protocol grpc} uses ({@link
 * JsonTensors}), or generated from a signature as {@code loadtest --from-signature} does ({@link
 * ExampleInputs}), each against that version's own signature.
 */
public final class WarmupWriter {
  static final String REQUEST_OPTION = "--warmup-request";

  /** Fixed, so the same model and options give the same file, and the same image digest. */
  private static final long SEED = 1;

  private final String modelName;
  private final WarmupSpec spec;
  private final Optional<PredictBody> body;

  public WarmupWriter(String modelName, WarmupSpec spec) {
    this.modelName = modelName;
    this.spec = spec;
    this.body =
        spec.requestFile()
            .map(
                file ->
                    PredictBody.read(
                        file, REQUEST_OPTION, "generate requests with --warmup-from-signature"));
  }

  /**
   * Writes {@code version}'s warmup file to {@code file} and returns how many records it holds. A
   * version that already has one is refused: which of the two was meant is not for this to guess.
   */
  public int write(ValidatedVersion version, Path file) {
    if (version.warmupRecords().isPresent()) {
      throw new UserError(
          version.directory() + " already has " + WarmupFile.PATH,
          "leave out --warmup-request and --warmup-from-signature to ship that file, or remove it");
    }
    String signatureName = signatureName();
    SignatureDef signature = version.servingGraph().getSignatureDefMap().get(signatureName);
    if (signature == null) {
      throw new UserError(
          version.directory() + " has no signature " + signatureName + " to warm up",
          "name one of its signatures ("
              + String.join(
                  ", ", new TreeSet<>(version.servingGraph().getSignatureDefMap().keySet()))
              + ") in "
              + (body.isPresent()
                  ? REQUEST_OPTION + "'s signature_name"
                  : "--warmup-from-signature"));
    }
    List<DynamicMessage> logs = new ArrayList<>();
    ExampleInputs generated = new ExampleInputs(SEED, 1, REQUEST_OPTION + " FILE");
    boolean isDefault = signatureName.equals(SavedModelValidator.DEFAULT_SIGNATURE);
    for (int i = 0; i < spec.records(); i++) {
      JsonNode json =
          body.isPresent()
              ? body.get().json()
              : generated.body(signatureName, signature, isDefault);
      DynamicMessage request =
          PredictProtocol.request(
              modelName,
              Optional.empty(),
              signatureName,
              JsonTensors.fromPredictBody(json, signature, source()));
      logs.add(PredictionLogs.ofPredictRequest(request));
    }
    try {
      WarmupFile.write(file, logs);
    } catch (IOException e) {
      throw new UserError(
          "cannot write the warmup file " + file + ": " + e.getMessage(),
          "check free space in the temporary directory",
          e);
    }
    return logs.size();
  }

  /** The body's signature_name, else the signature asked for. */
  private String signatureName() {
    if (body.isEmpty()) {
      return spec.signature();
    }
    JsonNode named = body.get().json().path("signature_name");
    return named.isTextual() && !named.textValue().isEmpty()
        ? named.textValue()
        : SavedModelValidator.DEFAULT_SIGNATURE;
  }

  private String source() {
    return spec.requestFile()
        .map(file -> REQUEST_OPTION + " " + file)
        .orElse("the requests generated from signature " + spec.signature());
  }
}
