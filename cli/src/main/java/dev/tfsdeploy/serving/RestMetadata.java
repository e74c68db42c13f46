package dev.tfsdeploy.serving;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import java.io.IOException;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;
import org.tensorflow.proto.SignatureDef;

/**
 * The signatures in TF Serving's REST metadata answer ({@code GET /v1/models/<name>/metadata}):
 * {@code {"model_spec": ..., "metadata": {"signature_def": SignatureDefMap}}}, the map in proto3
 * JSON form (the REST server unpacks the {@code Any} the gRPC answer carries).
 */
public final class RestMetadata {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonFormat.Parser PROTO_JSON = JsonFormat.parser().ignoringUnknownFields();

  private RestMetadata() {}

  /** The signatures by name; empty when the answer lists none. */
  public static Map<String, SignatureDef> signatures(String answer) throws IOException {
    JsonNode map =
        JSON.readTree(answer).path("metadata").path("signature_def").path("signature_def");
    Map<String, SignatureDef> signatures = new TreeMap<>();
    Iterator<Map.Entry<String, JsonNode>> entries = map.fields();
    while (entries.hasNext()) {
      Map.Entry<String, JsonNode> entry = entries.next();
      SignatureDef.Builder signature = SignatureDef.newBuilder();
      try {
        PROTO_JSON.merge(entry.getValue().toString(), signature);
      } catch (InvalidProtocolBufferException e) {
        throw new IOException(
            "signature " + entry.getKey() + " in the metadata answer: " + e.getMessage(), e);
      }
      signatures.put(entry.getKey(), signature.build());
    }
    return signatures;
  }
}
