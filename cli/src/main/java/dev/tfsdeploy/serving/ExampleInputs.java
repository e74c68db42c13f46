package dev.tfsdeploy.serving;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tfsdeploy.UserError;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.SignatureDef;
import org.tensorflow.proto.TensorInfo;
import org.tensorflow.proto.TensorShapeProto;

/**
 * A TF Serving REST predict body made up for a signature: every input gets deterministic values
 * (from a seed) of its dtype and shape, with each {@code -1} dimension set to the batch size.
 *
 * <p>A signature with one input whose first dimension is the batch uses the row form, {@code
 * {"instances": [...]}}, one element per example; any other uses the columnar form, {@code
 * {"inputs": {"name": tensor, ...}}}. String inputs whose name ends in {@code _bytes} are binary by
 * TF Serving's convention and are sent as {@code {"b64": ...}}.
 */
public final class ExampleInputs {
  /** More values than this makes a request body of many megabytes: surely not what was meant. */
  static final long MAX_VALUES = 10_000_000;

  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
  private static final List<String> WORDS =
      List.of(
          "alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel", "india",
          "juliett");

  private final Random random;
  private final int batch;

  /** The option that takes a hand-written body instead, e.g. {@code --request FILE}: the fix. */
  private final String handWritten;

  public ExampleInputs(long seed, int batch, String handWritten) {
    if (batch < 1) {
      throw new UserError("--batch " + batch + " is not a batch size", "pass --batch 1 or more");
    }
    this.random = new Random(seed);
    this.batch = batch;
    this.handWritten = handWritten;
  }

  /**
   * The predict body for {@code signature} (named {@code signatureName}, sent when not the
   * default).
   */
  public ObjectNode body(String signatureName, SignatureDef signature, boolean defaultSignature) {
    Map<String, TensorInfo> inputs = new TreeMap<>(signature.getInputsMap());
    if (inputs.isEmpty()) {
      throw new UserError("signature " + signatureName + " has no inputs", "pass " + handWritten);
    }
    ObjectNode body = JSON.objectNode();
    if (!defaultSignature) {
      body.put("signature_name", signatureName);
    }
    if (inputs.size() == 1) {
      Map.Entry<String, TensorInfo> only = inputs.entrySet().iterator().next();
      List<Long> dims = dims(only.getKey(), only.getValue());
      if (!dims.isEmpty() && dims.get(0) == -1) {
        body.set("instances", tensor(only.getKey(), only.getValue().getDtype(), resolve(dims)));
        return body;
      }
    }
    ObjectNode columns = body.putObject("inputs");
    inputs.forEach(
        (name, info) ->
            columns.set(name, tensor(name, info.getDtype(), resolve(dims(name, info)))));
    return body;
  }

  private List<Long> dims(String name, TensorInfo info) {
    if (info.getEncodingCase() != TensorInfo.EncodingCase.NAME) {
      throw new UserError(
          "input "
              + name
              + " is a "
              + info.getEncodingCase().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ')
              + " tensor, which generated requests do not support",
          "pass " + handWritten + " with a predict body you wrote");
    }
    TensorShapeProto shape = info.getTensorShape();
    if (!info.hasTensorShape() || shape.getUnknownRank()) {
      throw new UserError(
          "input " + name + " has an unknown shape",
          "pass " + handWritten + " with a predict body you wrote");
    }
    return shape.getDimList().stream().map(TensorShapeProto.Dim::getSize).toList();
  }

  private long[] resolve(List<Long> dims) {
    long[] sizes = new long[dims.size()];
    long values = 1;
    for (int i = 0; i < sizes.length; i++) {
      sizes[i] = dims.get(i) < 0 ? batch : dims.get(i);
      values *= Math.max(1, sizes[i]);
      if (values > MAX_VALUES) {
        throw new UserError(
            "the generated request would hold more than "
                + MAX_VALUES
                + " values (shape "
                + dims
                + ", batch "
                + batch
                + ")",
            "pass a smaller --batch, or " + handWritten);
      }
    }
    return sizes;
  }

  /** A nested array of {@code sizes}, or a single value for a scalar. */
  private JsonNode tensor(String name, DataType dtype, long[] sizes) {
    return tensor(name, dtype, sizes, 0);
  }

  private JsonNode tensor(String name, DataType dtype, long[] sizes, int depth) {
    if (depth == sizes.length) {
      return value(name, dtype);
    }
    ArrayNode array = JSON.arrayNode();
    for (long i = 0; i < sizes[depth]; i++) {
      array.add(tensor(name, dtype, sizes, depth + 1));
    }
    return array;
  }

  private JsonNode value(String name, DataType dtype) {
    return switch (dtype) {
      // Three decimals: short bodies, and exact in every float format.
      case DT_FLOAT, DT_DOUBLE, DT_HALF, DT_BFLOAT16 ->
          JSON.numberNode(random.nextInt(1000) / 1000.0);
      // Small non-negative integers: valid indices for any vocabulary or embedding.
      case DT_INT8, DT_INT16, DT_INT32, DT_INT64, DT_UINT8, DT_UINT16, DT_UINT32, DT_UINT64 ->
          JSON.numberNode(random.nextInt(10));
      case DT_BOOL -> JSON.booleanNode(random.nextBoolean());
      case DT_STRING -> {
        String word = WORDS.get(random.nextInt(WORDS.size()));
        yield name.endsWith("_bytes")
            ? JSON.objectNode()
                .put(
                    "b64",
                    Base64.getEncoder().encodeToString(word.getBytes(StandardCharsets.UTF_8)))
            : JSON.textNode(word);
      }
      default ->
          throw new UserError(
              "input "
                  + name
                  + " has dtype "
                  + dtype.name()
                  + ", which a JSON predict request cannot carry",
              "pass " + handWritten + ", or use the gRPC API");
    };
  }
}
