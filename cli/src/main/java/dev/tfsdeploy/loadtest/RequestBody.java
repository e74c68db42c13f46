package dev.tfsdeploy.loadtest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tfsdeploy.UserError;
import dev.tfsdeploy.model.SavedModelValidator;
import dev.tfsdeploy.model.ValidatedVersion;
import dev.tfsdeploy.serving.ExampleInputs;
import dev.tfsdeploy.serving.PredictBody;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import org.tensorflow.proto.SignatureDef;

/**
 * The body every request of a run sends: a TF Serving REST predict request.
 *
 * @param bytes the JSON, as sent
 * @param source where it came from, for logs
 * @param signature the signature it was made for (its inputs' dtypes, which gRPC calls need), if
 *     known
 */
@SuppressWarnings("ArrayRecordComponent") // never compared or hashed
public record RequestBody(byte[] bytes, String source, Optional<SignatureDef> signature) {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  /** A body written by hand: the signature it fits is not known here. */
  public RequestBody(byte[] bytes, String source) {
    this(bytes, source, Optional.empty());
  }

  /** The body as JSON (it is JSON: checked when it was made). */
  public JsonNode json() {
    try {
      return MAPPER.readTree(bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A predict body the user wrote; it must be a JSON object with "instances" or "inputs". */
  public static RequestBody fromFile(Path file) {
    PredictBody body =
        PredictBody.read(file, "--request", "generate one with --from-signature DIR");
    return new RequestBody(body.bytes(), file.toString());
  }

  /**
   * A body made up for a signature of a SavedModel (the newest version of a model directory, or a
   * version directory): shapes' -1 dimensions become {@code batch}, values come from {@code seed}.
   */
  public static RequestBody fromSignature(
      Path modelDir, String signatureName, int batch, long seed) {
    List<ValidatedVersion> versions = new SavedModelValidator().validate(modelDir);
    ValidatedVersion version = versions.get(versions.size() - 1);
    SignatureDef signature = version.servingGraph().getSignatureDefMap().get(signatureName);
    if (signature == null) {
      throw new UserError(
          version.directory() + " has no signature " + signatureName,
          "pass --signature with one of: "
              + String.join(
                  ", ", new TreeSet<>(version.servingGraph().getSignatureDefMap().keySet())));
    }
    boolean isDefault = signatureName.equals(SavedModelValidator.DEFAULT_SIGNATURE);
    try {
      byte[] bytes =
          MAPPER.writeValueAsBytes(
              new ExampleInputs(seed, batch, "--request FILE")
                  .body(signatureName, signature, isDefault));
      return new RequestBody(
          bytes,
          "signature " + signatureName + " of " + version.directory() + ", batch " + batch,
          Optional.of(signature));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write a generated request as JSON", e);
    }
  }
}
