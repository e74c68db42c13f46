package dev.tfsdeploy.serving;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.google.protobuf.ByteString;
import dev.tfsdeploy.UserError;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.SignatureDef;
import org.tensorflow.proto.TensorInfo;
import org.tensorflow.proto.TensorProto;
import org.tensorflow.proto.TensorShapeProto;

/**
 * The input tensors of a gRPC predict request, read from a TF Serving REST predict body by TF
 * Serving's own rules (its REST API's "Request format", {@code json_tensor.cc}), so that one body
 * means the same request over either protocol.
 *
 * <p>Row format, {@code {"instances": [...]}}: one element per example, either the value of the
 * signature's only input or an object naming every input; each input's tensor stacks the examples'
 * values under a new first dimension. Columnar format, {@code {"inputs": ...}}: an object naming
 * every input's whole tensor, or (for a signature with one input) that tensor itself. Shapes come
 * from the nesting of the lists; dtypes come from the signature.
 */
public final class JsonTensors {
  private static final Set<DataType> SUPPORTED =
      EnumSet.of(
          DataType.DT_FLOAT,
          DataType.DT_DOUBLE,
          DataType.DT_HALF,
          DataType.DT_BFLOAT16,
          DataType.DT_INT8,
          DataType.DT_INT16,
          DataType.DT_INT32,
          DataType.DT_INT64,
          DataType.DT_UINT8,
          DataType.DT_UINT16,
          DataType.DT_UINT32,
          DataType.DT_UINT64,
          DataType.DT_BOOL,
          DataType.DT_STRING);
  private static final BigInteger UINT64_LIMIT = BigInteger.ONE.shiftLeft(64);
  private static final String RAGGED_FIX =
      "make the nested lists rectangular: every list at one depth the same length";
  private static final String FORMAT_FIX =
      "write {\"instances\": [...]} with one element per example, or {\"inputs\": ...}";

  private final String source;
  private final Map<String, TensorInfo> inputs;

  private JsonTensors(String source, SignatureDef signature) {
    this.source = source;
    this.inputs = new TreeMap<>(signature.getInputsMap());
  }

  /**
   * The tensors {@code body} gives the inputs of {@code signature}, by input name (sorted).
   *
   * @param body a TF Serving REST predict body; its {@code signature_name}, if any, is ignored
   * @param signature the signature the request is for, whose inputs say the names and dtypes
   * @param source where the body came from, for messages (e.g. {@code --request body.json})
   * @throws UserError naming the source and the place in the body when it does not fit the
   *     signature
   */
  public static Map<String, TensorProto> fromPredictBody(
      JsonNode body, SignatureDef signature, String source) {
    return new JsonTensors(source, signature).tensors(body);
  }

  private Map<String, TensorProto> tensors(JsonNode body) {
    if (body == null || !body.isObject()) {
      throw error("the predict body is not a JSON object", FORMAT_FIX);
    }
    if (inputs.isEmpty()) {
      throw error("the signature has no inputs", "use a signature that takes inputs");
    }
    boolean rows = body.has("instances");
    if (rows == body.has("inputs")) {
      throw error(
          rows
              ? "the body has both \"instances\" and \"inputs\""
              : "the body has neither \"instances\" nor \"inputs\"",
          FORMAT_FIX);
    }
    Map<String, JsonNode> values =
        rows ? rowValues(body.get("instances")) : columnValues(body.get("inputs"));
    Map<String, TensorProto> tensors = new TreeMap<>();
    values.forEach((name, value) -> tensors.put(name, tensor(name, inputs.get(name), value)));
    return tensors;
  }

  /**
   * Each input's values across the instances, as one list: the instances become its first
   * dimension.
   */
  private Map<String, JsonNode> rowValues(JsonNode instances) {
    if (!instances.isArray()) {
      throw error("\"instances\" is " + show(instances) + ", not a list", FORMAT_FIX);
    }
    if (instances.isEmpty()) {
      throw error("\"instances\" is empty", "list at least one example");
    }
    if (!isNamedObject(instances.get(0))) {
      String name = onlyInput("\"instances\" holds plain values");
      for (int i = 1; i < instances.size(); i++) {
        if (isNamedObject(instances.get(i))) {
          throw error(
              "instance " + i + " is an object of named inputs, but instance 0 is not",
              "write every instance alike");
        }
      }
      return Map.of(name, instances);
    }
    Set<String> names = new TreeSet<>();
    instances.get(0).fieldNames().forEachRemaining(names::add);
    requireExactlyTheInputs(names, "instance 0");
    Map<String, ArrayNode> columns = new LinkedHashMap<>();
    names.forEach(name -> columns.put(name, JsonNodeFactory.instance.arrayNode()));
    for (int i = 0; i < instances.size(); i++) {
      JsonNode instance = instances.get(i);
      if (!isNamedObject(instance)) {
        throw error(
            "instance "
                + i
                + " is "
                + show(instance)
                + ", not an object of named inputs like instance 0",
            "write every instance alike");
      }
      Set<String> keys = new TreeSet<>();
      instance.fieldNames().forEachRemaining(keys::add);
      if (!keys.equals(names)) {
        throw error(
            "instance " + i + " names inputs " + keys + ", not " + names + " like instance 0",
            "name the same inputs in every instance");
      }
      columns.forEach((name, column) -> column.add(instance.get(name)));
    }
    return new LinkedHashMap<>(columns);
  }

  /** Each input's whole tensor, as the body gives it. */
  private Map<String, JsonNode> columnValues(JsonNode columns) {
    if (!isNamedObject(columns)) {
      return Map.of(onlyInput("\"inputs\" is not an object of named inputs"), columns);
    }
    Set<String> names = new TreeSet<>();
    columns.fieldNames().forEachRemaining(names::add);
    requireExactlyTheInputs(names, "\"inputs\"");
    Map<String, JsonNode> values = new LinkedHashMap<>();
    names.forEach(name -> values.put(name, columns.get(name)));
    return values;
  }

  /**
   * The signature's one input, which an unnamed value is for; with several, a value must say whose
   * it is.
   */
  private String onlyInput(String what) {
    if (inputs.size() > 1) {
      throw error(
          what + ", but the signature has inputs " + String.join(", ", inputs.keySet()),
          "name every input in an object, e.g. {\""
              + String.join("\": ..., \"", inputs.keySet())
              + "\": ...}");
    }
    return inputs.keySet().iterator().next();
  }

  private void requireExactlyTheInputs(Set<String> names, String where) {
    String listed = String.join(", ", inputs.keySet());
    for (String name : names) {
      if (!inputs.containsKey(name)) {
        throw error(
            where + " names input " + name + ", which the signature does not have",
            "use the signature's inputs: " + listed);
      }
    }
    for (String name : inputs.keySet()) {
      if (!names.contains(name)) {
        throw error(
            where + " has no value for input " + name,
            "give every input of the signature: " + listed);
      }
    }
  }

  private TensorProto tensor(String name, TensorInfo info, JsonNode value) {
    if (info.getEncodingCase() != TensorInfo.EncodingCase.NAME) {
      String kind = info.getEncodingCase().name().toLowerCase(Locale.ROOT).replace('_', ' ');
      throw error(
          "input " + name + " is a " + kind + " tensor, which a predict body cannot fill",
          "use a signature whose inputs are plain (dense) tensors");
    }
    DataType dtype = info.getDtype();
    if (!SUPPORTED.contains(dtype)) {
      throw error(
          "input " + name + " has dtype " + dtype.name() + ", which JSON values cannot carry",
          "use a signature whose inputs are numbers, bools or strings");
    }
    long[] dims = shape(value);
    TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
    for (long size : dims) {
      shape.addDim(TensorShapeProto.Dim.newBuilder().setSize(size));
    }
    TensorProto.Builder tensor = TensorProto.newBuilder().setDtype(dtype).setTensorShape(shape);
    fill(tensor, value, dims, new Place(name, new int[dims.length]), 0);
    return tensor.build();
  }

  /**
   * The shape the first elements give, as TF Serving reads it; {@link #fill} holds the rest to it.
   */
  private static long[] shape(JsonNode value) {
    List<Long> dims = new ArrayList<>();
    for (JsonNode node = value; node.isArray(); node = node.get(0)) {
      dims.add((long) node.size());
      if (node.isEmpty()) {
        break;
      }
    }
    return dims.stream().mapToLong(Long::longValue).toArray();
  }

  private void fill(
      TensorProto.Builder tensor, JsonNode node, long[] dims, Place place, int depth) {
    if (depth == dims.length) {
      if (node.isArray()) {
        throw error(
            "input " + place.at(depth) + " is a list, but " + place.first(depth) + " is a value",
            RAGGED_FIX);
      }
      add(tensor, node, place);
      return;
    }
    if (!node.isArray()) {
      throw error(
          "input "
              + place.at(depth)
              + " is "
              + show(node)
              + ", but "
              + place.first(depth)
              + " is a list",
          RAGGED_FIX);
    }
    if (node.size() != dims[depth]) {
      throw error(
          "input "
              + place.at(depth)
              + " has "
              + node.size()
              + " elements, but "
              + place.first(depth)
              + " has "
              + dims[depth],
          RAGGED_FIX);
    }
    for (int i = 0; i < node.size(); i++) {
      place.index[depth] = i;
      fill(tensor, node.get(i), dims, place, depth + 1);
    }
  }

  /** Adds one value to the typed field TF Serving reads for the tensor's dtype. */
  private void add(TensorProto.Builder tensor, JsonNode node, Place place) {
    DataType dtype = tensor.getDtype();
    switch (dtype) {
      case DT_FLOAT -> tensor.addFloatVal((float) decimal(node, dtype, place));
      case DT_DOUBLE -> tensor.addDoubleVal(decimal(node, dtype, place));
      case DT_HALF -> tensor.addHalfVal(toHalf((float) decimal(node, dtype, place)));
      case DT_BFLOAT16 -> tensor.addHalfVal(toBfloat16((float) decimal(node, dtype, place)));
      case DT_INT8 ->
          tensor.addIntVal((int) integer(node, dtype, Byte.MIN_VALUE, Byte.MAX_VALUE, place));
      case DT_UINT8 -> tensor.addIntVal((int) integer(node, dtype, 0, 0xFF, place));
      case DT_INT16 ->
          tensor.addIntVal((int) integer(node, dtype, Short.MIN_VALUE, Short.MAX_VALUE, place));
      case DT_UINT16 -> tensor.addIntVal((int) integer(node, dtype, 0, 0xFFFF, place));
      case DT_INT32 ->
          tensor.addIntVal((int) integer(node, dtype, Integer.MIN_VALUE, Integer.MAX_VALUE, place));
      // uint32_val and uint64_val hold the unsigned bits in Java's signed types.
      case DT_UINT32 -> tensor.addUint32Val((int) integer(node, dtype, 0, 0xFFFF_FFFFL, place));
      case DT_INT64 ->
          tensor.addInt64Val(integer(node, dtype, Long.MIN_VALUE, Long.MAX_VALUE, place));
      case DT_UINT64 -> tensor.addUint64Val(unsigned64(node, place));
      case DT_BOOL -> {
        if (!node.isBoolean()) {
          throw error(
              "input " + place + " is " + show(node) + ", not a DT_BOOL true or false",
              "write true or false for DT_BOOL inputs");
        }
        tensor.addBoolVal(node.booleanValue());
      }
      case DT_STRING -> tensor.addStringVal(bytes(node, place));
      default -> throw new IllegalStateException("unchecked dtype " + dtype);
    }
  }

  private double decimal(JsonNode node, DataType dtype, Place place) {
    if (!node.isNumber()) {
      throw error(
          "input " + place + " is " + show(node) + ", not a " + dtype.name() + " number",
          "write numbers for " + dtype.name() + " inputs");
    }
    return node.doubleValue();
  }

  private long integer(JsonNode node, DataType dtype, long min, long max, Place place) {
    requireInteger(node, dtype, place);
    if (!node.canConvertToLong() || node.longValue() < min || node.longValue() > max) {
      throw outOfRange(node, dtype, BigInteger.valueOf(min), BigInteger.valueOf(max), place);
    }
    return node.longValue();
  }

  /** Up to 2^64 - 1, past Java's long; the proto field keeps the bits. */
  private long unsigned64(JsonNode node, Place place) {
    requireInteger(node, DataType.DT_UINT64, place);
    BigInteger value = node.bigIntegerValue();
    if (value.signum() < 0 || value.compareTo(UINT64_LIMIT) >= 0) {
      throw outOfRange(
          node, DataType.DT_UINT64, BigInteger.ZERO, UINT64_LIMIT.subtract(BigInteger.ONE), place);
    }
    return value.longValue();
  }

  /**
   * A JSON integer, written without a fraction or exponent: 1.0 and 1e3 are decimals, as TF Serving
   * reads them.
   */
  private void requireInteger(JsonNode node, DataType dtype, Place place) {
    if (!node.isIntegralNumber()) {
      throw error(
          "input " + place + " is " + show(node) + ", not a " + dtype.name() + " integer",
          "write whole numbers without a decimal point or exponent for "
              + dtype.name()
              + " inputs");
    }
  }

  private UserError outOfRange(
      JsonNode node, DataType dtype, BigInteger min, BigInteger max, Place place) {
    return error(
        "input "
            + place
            + " is "
            + show(node)
            + ", outside "
            + dtype.name()
            + "'s range "
            + min
            + " to "
            + max,
        "write integers from " + min + " to " + max + " for " + dtype.name() + " inputs");
  }

  /** A JSON string as UTF-8, or binary data as TF Serving takes it: {"b64": "..."}. */
  private ByteString bytes(JsonNode node, Place place) {
    if (node.isTextual()) {
      return ByteString.copyFromUtf8(node.textValue());
    }
    if (!isBase64(node)) {
      throw error(
          "input " + place + " is " + show(node) + ", not a DT_STRING string or {\"b64\": ...}",
          "write strings, or {\"b64\": \"...\"} for binary data, for DT_STRING inputs");
    }
    try {
      return ByteString.copyFrom(Base64.getDecoder().decode(node.get("b64").textValue()));
    } catch (IllegalArgumentException e) {
      throw error(
          "input " + place + " is " + show(node) + ", whose b64 is not base64: " + e.getMessage(),
          "encode binary data in standard base64 (A-Z a-z 0-9 + /)");
    }
  }

  /** TF Serving's binary value: an object with a "b64" string and nothing else. */
  private static boolean isBase64(JsonNode node) {
    return node.isObject() && node.size() == 1 && node.path("b64").isTextual();
  }

  /**
   * An object naming inputs: any object but a binary value (which is a value, even in "instances").
   */
  private static boolean isNamedObject(JsonNode node) {
    return node.isObject() && !isBase64(node);
  }

  /**
   * IEEE binary16 bits of {@code value}, rounded to nearest even (Java 17 lacks
   * Float.floatToFloat16).
   */
  static int toHalf(float value) {
    int bits = Float.floatToRawIntBits(value);
    int sign = (bits >>> 16) & 0x8000;
    int floatExponent = (bits >>> 23) & 0xFF;
    int mantissa = bits & 0x7F_FFFF;
    if (floatExponent == 0xFF) {
      // Infinity stays infinite; NaN stays a (quiet) NaN.
      return sign | 0x7C00 | (mantissa != 0 ? 0x200 | (mantissa >>> 13) : 0);
    }
    int exponent = floatExponent - 127 + 15;
    if (exponent >= 0x1F) {
      return sign | 0x7C00;
    }
    if (exponent <= 0) {
      // Subnormal: the implicit leading 1 shifts into the 10-bit mantissa; below half the smallest,
      // zero.
      if (exponent < -10) {
        return sign;
      }
      return sign | roundShift(mantissa | 0x80_0000, 14 - exponent);
    }
    // A carry out of the mantissa rightly bumps the exponent, up to infinity.
    return sign | ((exponent << 10) + roundShift(mantissa, 13));
  }

  /** bfloat16 bits of {@code value}: its top 16 bits, rounded to nearest even. */
  static int toBfloat16(float value) {
    int bits = Float.floatToRawIntBits(value);
    if (Float.isNaN(value)) {
      return (bits >>> 16) | 0x40;
    }
    return (bits + 0x7FFF + ((bits >>> 16) & 1)) >>> 16;
  }

  /** {@code value >> shift}, rounded to nearest even. */
  private static int roundShift(int value, int shift) {
    int kept = value >>> shift;
    int rest = value & ((1 << shift) - 1);
    int halfway = 1 << (shift - 1);
    return rest > halfway || (rest == halfway && (kept & 1) != 0) ? kept + 1 : kept;
  }

  /** A value as JSON, cut short: enough to find it in the body. */
  private static String show(JsonNode node) {
    String text = node.toString();
    return text.length() <= 40 ? text : text.substring(0, 37) + "...";
  }

  private UserError error(String message, String fix) {
    return new UserError(source + ": " + message, fix);
  }

  /**
   * Where a value sits, for messages: the input and the index being filled (mutated as filling
   * goes).
   */
  @SuppressWarnings("ArrayRecordComponent") // never compared or hashed
  private record Place(String input, int[] index) {
    /** The element at {@code depth}, e.g. x[1][0]. */
    String at(int depth) {
      StringBuilder text = new StringBuilder(input);
      for (int i = 0; i < depth; i++) {
        text.append('[').append(index[i]).append(']');
      }
      return text.toString();
    }

    /** The first element at {@code depth}, whose shape the others must have. */
    String first(int depth) {
      return input + "[0]".repeat(depth);
    }

    @Override
    public String toString() {
      return at(index.length);
    }
  }
}
