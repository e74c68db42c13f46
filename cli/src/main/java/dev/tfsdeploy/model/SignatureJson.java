package dev.tfsdeploy.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.tensorflow.proto.SignatureDef;

/**
 * A version's signatures as JSON, in exactly the shape TF Serving's {@code GET
 * /v1/models/<name>/metadata} returns them: protobuf's JSON mapping with field names as in the
 * .proto files and fields at their default values printed too (TF Serving prints with
 * always_print_primitive_fields), so dtypes read {@code DT_FLOAT}, int64 dim sizes are strings, and
 * {@code unknown_rank} and empty {@code defaults} appear.
 */
public final class SignatureJson {
  private static final JsonFormat.Printer PROTO_JSON =
      JsonFormat.printer().preservingProtoFieldNames().includingDefaultValueFields();
  private static final ObjectMapper MAPPER =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private SignatureJson() {}

  /**
   * {@code {"version": "123", "tags": [...], "warmup_records": 0, "signature_def":
   * {"signature_def": {...}}}}.
   */
  public static ObjectNode of(ValidatedVersion version) {
    ObjectNode node = MAPPER.createObjectNode();
    node.put("version", version.version());
    ArrayNode tags = node.putArray("tags");
    version.tags().forEach(tags::add);
    // tfs-deploy's own field, beside TF Serving's: 0 when the version has no warmup file.
    node.put("warmup_records", version.warmupRecords().orElse(0));
    node.putObject("signature_def")
        .set("signature_def", signatureDefMap(version.servingGraph().getSignatureDefMap()));
    return node;
  }

  /** One version as an object, or a model directory's versions as an array. */
  public static String render(List<ValidatedVersion> versions, boolean modelDirectory) {
    try {
      if (!modelDirectory) {
        return MAPPER.writeValueAsString(of(versions.get(0)));
      }
      ArrayNode array = MAPPER.createArrayNode();
      versions.forEach(version -> array.add(of(version)));
      return MAPPER.writeValueAsString(array);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** TF Serving's SignatureDefMap message: signature name to SignatureDef, as JSON. */
  static ObjectNode signatureDefMap(Map<String, SignatureDef> signatures) {
    ObjectNode map = MAPPER.createObjectNode();
    new TreeMap<>(signatures).forEach((name, signature) -> map.set(name, toJson(signature)));
    return map;
  }

  private static ObjectNode toJson(SignatureDef signature) {
    try {
      return (ObjectNode) MAPPER.readTree(PROTO_JSON.print(signature));
    } catch (InvalidProtocolBufferException | JsonProcessingException e) {
      throw new IllegalStateException("cannot print a parsed SignatureDef as JSON", e);
    }
  }
}
