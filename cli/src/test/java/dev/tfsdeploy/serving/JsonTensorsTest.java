package dev.tfsdeploy.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;
import dev.tfsdeploy.UserError;
import dev.tfsdeploy.loadtest.MultiInputModel;
import dev.tfsdeploy.loadtest.RequestBody;
import dev.tfsdeploy.model.ArchiveLimits;
import dev.tfsdeploy.model.ExtractListener;
import dev.tfsdeploy.model.ExtractRequest;
import dev.tfsdeploy.model.ModelExtractor;
import dev.tfsdeploy.model.SavedModelValidator;
import dev.tfsdeploy.model.ValidatedVersion;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.ndarray.buffer.ShortDataBuffer;
import org.tensorflow.op.Ops;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.SignatureDef;
import org.tensorflow.proto.TensorInfo;
import org.tensorflow.proto.TensorProto;
import org.tensorflow.proto.TensorShapeProto;
import org.tensorflow.types.TBfloat16;
import org.tensorflow.types.TFloat16;
import org.tensorflow.types.family.TType;

/** TF Serving REST predict bodies become the tensors TF Serving itself would make of them. */
class JsonTensorsTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final String SOURCE = "--request b.json";
  private static final Path EXAMPLE =
      Path.of(
          System.getProperty("tfsdeploy.projectRoot", ".."), "examples", "half_plus_two.tar.gz");

  @TempDir Path dir;

  /** JSON written with ' for " to keep the bodies readable. */
  private static JsonNode json(String text) {
    try {
      return MAPPER.readTree(text.replace('\'', '"'));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A signature taking the named inputs, in the order given, as plain tensors of unknown shape. */
  private static SignatureDef signature(Object... namesAndDtypes) {
    SignatureDef.Builder signature =
        SignatureDef.newBuilder().setMethodName("tensorflow/serving/predict");
    for (int i = 0; i < namesAndDtypes.length; i += 2) {
      String name = (String) namesAndDtypes[i];
      signature.putInputs(
          name,
          TensorInfo.newBuilder()
              .setName(name + ":0")
              .setDtype((DataType) namesAndDtypes[i + 1])
              .build());
    }
    return signature.build();
  }

  private static Map<String, TensorProto> convert(String body, SignatureDef signature) {
    return JsonTensors.fromPredictBody(json(body), signature, SOURCE);
  }

  private static TensorProto convertOne(String body, DataType dtype) {
    return convert(body, signature("x", dtype)).get("x");
  }

  private static List<Long> dims(TensorProto tensor) {
    return tensor.getTensorShape().getDimList().stream()
        .map(TensorShapeProto.Dim::getSize)
        .toList();
  }

  private static void assertRefused(ThrowingCallable call, String message, String fix) {
    assertThatThrownBy(call)
        .isInstanceOf(UserError.class)
        .hasMessage(message)
        .satisfies(e -> assertThat(((UserError) e).fix()).isEqualTo(fix));
  }

  private static void assertRefused(ThrowingCallable call, String message) {
    assertThatThrownBy(call).isInstanceOf(UserError.class).hasMessage(message);
  }

  // The two request formats

  @Test
  void rowFormatStacksInstancesIntoOneBatchTensor() {
    TensorProto x =
        convertOne("{'instances': [[1.0, 2.5], [3.0, 4.0], [5, 6]]}", DataType.DT_FLOAT);

    assertThat(x.getDtype()).isEqualTo(DataType.DT_FLOAT);
    assertThat(dims(x)).containsExactly(3L, 2L);
    assertThat(x.getFloatValList()).containsExactly(1f, 2.5f, 3f, 4f, 5f, 6f);
  }

  @Test
  void rowFormatOfScalarInstancesIsAVector() {
    TensorProto x = convertOne("{'instances': [7, 8, 9]}", DataType.DT_INT32);

    assertThat(dims(x)).containsExactly(3L);
    assertThat(x.getIntValList()).containsExactly(7, 8, 9);
  }

  @Test
  void rowFormatObjectsStackEachNamedInputSeparately() {
    Map<String, TensorProto> tensors =
        convert(
            "{'instances': [{'ids': [1, 2], 'word': 'a'}, {'word': 'b', 'ids': [3, 4]}, {'ids': [5,"
                + " 6], 'word': 'c'}]}",
            signature("word", DataType.DT_STRING, "ids", DataType.DT_INT64));

    assertThat(tensors.keySet()).containsExactly("ids", "word");
    assertThat(dims(tensors.get("ids"))).containsExactly(3L, 2L);
    assertThat(tensors.get("ids").getInt64ValList()).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
    assertThat(dims(tensors.get("word"))).containsExactly(3L);
    assertThat(tensors.get("word").getStringValList())
        .containsExactly(
            ByteString.copyFromUtf8("a"),
            ByteString.copyFromUtf8("b"),
            ByteString.copyFromUtf8("c"));
  }

  @Test
  void columnarFormatNamesEachInputsWholeTensor() {
    Map<String, TensorProto> tensors =
        convert(
            "{'inputs': {'ids': [[1, 2, 3]], 'scale': 0.5}}",
            signature("ids", DataType.DT_INT64, "scale", DataType.DT_FLOAT));

    assertThat(dims(tensors.get("ids"))).containsExactly(1L, 3L);
    assertThat(tensors.get("ids").getInt64ValList()).containsExactly(1L, 2L, 3L);
    assertThat(tensors.get("scale").getTensorShape().getDimCount()).isZero();
    assertThat(tensors.get("scale").getFloatValList()).containsExactly(0.5f);
  }

  @Test
  void columnarFormatOfAPlainValueIsTheOnlyInputsWholeTensor() {
    TensorProto matrix = convertOne("{'inputs': [[1, 2], [3, 4]]}", DataType.DT_DOUBLE);
    TensorProto scalar = convertOne("{'inputs': 7}", DataType.DT_DOUBLE);

    assertThat(dims(matrix)).containsExactly(2L, 2L);
    assertThat(matrix.getDoubleValList()).containsExactly(1d, 2d, 3d, 4d);
    assertThat(scalar.getTensorShape().getDimCount()).isZero();
    assertThat(scalar.getDoubleValList()).containsExactly(7d);
  }

  @Test
  void instancesAndTheSameListAsInputsGiveTheSameTensor() {
    assertThat(convertOne("{'instances': [[1], [2]]}", DataType.DT_FLOAT))
        .isEqualTo(convertOne("{'inputs': [[1], [2]]}", DataType.DT_FLOAT));
  }

  @Test
  void emptyListsGiveZeroSizedDimensions() {
    TensorProto x = convertOne("{'inputs': [[], []]}", DataType.DT_FLOAT);

    assertThat(dims(x)).containsExactly(2L, 0L);
    assertThat(x.getFloatValCount()).isZero();
  }

  @Test
  void theSignatureNameInTheBodyIsIgnored() {
    assertThat(
            convertOne("{'signature_name': 'other', 'instances': [1]}", DataType.DT_FLOAT)
                .getFloatValList())
        .containsExactly(1f);
  }

  // Values of each dtype

  @Test
  void integersFillTheFieldOfTheirDtype() {
    Map<String, TensorProto> tensors =
        convert(
            "{'inputs': {'i8': [-128, 127], 'u8': [0, 255], 'i16': [-32768], 'u16': [65535], 'i32':"
                + " [-2147483648], 'u32': [4294967295], 'i64': [-9223372036854775808], 'u64':"
                + " [18446744073709551615]}}",
            signature(
                "i8",
                DataType.DT_INT8,
                "u8",
                DataType.DT_UINT8,
                "i16",
                DataType.DT_INT16,
                "u16",
                DataType.DT_UINT16,
                "i32",
                DataType.DT_INT32,
                "u32",
                DataType.DT_UINT32,
                "i64",
                DataType.DT_INT64,
                "u64",
                DataType.DT_UINT64));

    assertThat(tensors.get("i8").getIntValList()).containsExactly(-128, 127);
    assertThat(tensors.get("u8").getIntValList()).containsExactly(0, 255);
    assertThat(tensors.get("i16").getIntValList()).containsExactly(-32768);
    assertThat(tensors.get("u16").getIntValList()).containsExactly(65535);
    assertThat(tensors.get("i32").getIntValList()).containsExactly(Integer.MIN_VALUE);
    // The unsigned fields hold the bits in Java's signed types.
    assertThat(tensors.get("u32").getUint32ValList()).containsExactly(-1);
    assertThat(tensors.get("i64").getInt64ValList()).containsExactly(Long.MIN_VALUE);
    assertThat(tensors.get("u64").getUint64ValList()).containsExactly(-1L);
    assertThat(tensors.get("u8").getDtype()).isEqualTo(DataType.DT_UINT8);
  }

  @Test
  void floatsAcceptAnyJsonNumber() {
    assertThat(convertOne("{'inputs': [1, -2.5, 1e3, 0.1]}", DataType.DT_FLOAT).getFloatValList())
        .containsExactly(1f, -2.5f, 1000f, 0.1f);
    assertThat(
            convertOne("{'inputs': [0.1, 12345678901234567]}", DataType.DT_DOUBLE)
                .getDoubleValList())
        .containsExactly(0.1, 1.2345678901234568E16); // the double nearest to the JSON number
  }

  @Test
  void boolsAreJsonBooleans() {
    assertThat(convertOne("{'instances': [true, false]}", DataType.DT_BOOL).getBoolValList())
        .containsExactly(true, false);
  }

  @Test
  void stringsAreTheirUtf8Bytes() {
    TensorProto x = convertOne("{'instances': ['héllo', '']}", DataType.DT_STRING);

    assertThat(x.getStringValList())
        .containsExactly(
            ByteString.copyFrom("héllo".getBytes(StandardCharsets.UTF_8)), ByteString.EMPTY);
  }

  @Test
  void b64StringsAreDecoded() {
    TensorProto x =
        convertOne("{'inputs': [{'b64': 'aGk='}, {'b64': 'AP8'}, 'plain']}", DataType.DT_STRING);

    assertThat(dims(x)).containsExactly(3L);
    assertThat(x.getStringValList())
        .containsExactly(
            ByteString.copyFromUtf8("hi"),
            ByteString.copyFrom(new byte[] {0, (byte) 0xFF}),
            ByteString.copyFromUtf8("plain"));
  }

  @Test
  void b64ObjectsAreValuesNotNamedInputs() {
    // As TF Serving reads them: a single binary input's instances, and its whole tensor as a
    // scalar.
    TensorProto rows =
        convert(
                "{'instances': [{'b64': 'aGk='}, {'b64': 'aG8='}]}",
                signature("image_bytes", DataType.DT_STRING))
            .get("image_bytes");
    TensorProto scalar = convertOne("{'inputs': {'b64': 'aGk='}}", DataType.DT_STRING);

    assertThat(dims(rows)).containsExactly(2L);
    assertThat(rows.getStringValList())
        .containsExactly(ByteString.copyFromUtf8("hi"), ByteString.copyFromUtf8("ho"));
    assertThat(scalar.getTensorShape().getDimCount()).isZero();
    assertThat(scalar.getStringValList()).containsExactly(ByteString.copyFromUtf8("hi"));
  }

  @Test
  void halfFloatsCarryTheirSixteenBitPattern() {
    TensorProto half =
        convertOne(
            "{'inputs': [1.0, 0.333, -2, 65504, 1e6, 5.960464477539063e-8, 0]}", DataType.DT_HALF);
    TensorProto bfloat16 = convertOne("{'inputs': [1.0, 0.333, -2, 1e6]}", DataType.DT_BFLOAT16);

    assertThat(half.getDtype()).isEqualTo(DataType.DT_HALF);
    // 0.333 lies between 0x3553 (0.33276) and 0x3554 (0.33301), nearer the latter; 1e6 overflows;
    // 2^-24 is the smallest subnormal.
    assertThat(half.getHalfValList())
        .containsExactly(0x3C00, 0x3554, 0xC000, 0x7BFF, 0x7C00, 0x0001, 0);
    assertThat(bfloat16.getDtype()).isEqualTo(DataType.DT_BFLOAT16);
    // 0.333f is 0x3EAA7EFA: the dropped 0x7EFA is under half, so it rounds down; 1e6f is
    // 0x49742400.
    assertThat(bfloat16.getHalfValList()).containsExactly(0x3F80, 0x3EAA, 0xC000, 0x4974);
  }

  @Test
  void halfPrecisionTiesRoundToEven() {
    // Halfway between two halves / bfloat16s, the one with an even last bit wins.
    assertThat(JsonTensors.toHalf(1f + 0x1p-11f)).isEqualTo(0x3C00);
    assertThat(JsonTensors.toHalf(1f + 3 * 0x1p-11f)).isEqualTo(0x3C02);
    assertThat(JsonTensors.toHalf(65520f)).isEqualTo(0x7C00);
    assertThat(JsonTensors.toHalf(0x1p-25f)).isZero();
    assertThat(JsonTensors.toHalf(0x1.8p-25f)).isEqualTo(0x0001);
    assertThat(JsonTensors.toBfloat16(1f + 0x1p-8f)).isEqualTo(0x3F80);
    assertThat(JsonTensors.toBfloat16(1f + 3 * 0x1p-8f)).isEqualTo(0x3F82);
  }

  @Test
  void halfPrecisionBitsAreWhatTensorFlowsCastMakes() {
    Random random = new Random(1);
    float[] values = new float[20_000];
    for (int i = 0; i < values.length; i++) {
      float value;
      do {
        value =
            i % 2 == 0
                ? Float.intBitsToFloat(random.nextInt())
                : (float) (random.nextGaussian() * Math.pow(2, random.nextInt(40) - 30));
      } while (Float.isNaN(value));
      values[i] = value;
    }
    values[0] = Float.NaN;
    values[1] = Float.NEGATIVE_INFINITY;
    values[2] = -0f;

    int[] half = castBits(values, TFloat16.class);
    int[] bfloat16 = castBits(values, TBfloat16.class);
    for (int i = 0; i < values.length; i++) {
      float value = values[i];
      assertThat(JsonTensors.toHalf(value)).as("half of %s", value).isEqualTo(half[i]);
      assertThat(JsonTensors.toBfloat16(value)).as("bfloat16 of %s", value).isEqualTo(bfloat16[i]);
    }
  }

  /** The 16-bit patterns TensorFlow's Cast op gives {@code values} in {@code type}. */
  private static int[] castBits(float[] values, Class<? extends TType> type) {
    Ops tf = Ops.create();
    try (TType cast = tf.dtypes.cast(tf.constant(values), type).asTensor()) {
      ShortDataBuffer shorts = cast.asRawTensor().data().asShorts();
      int[] bits = new int[values.length];
      for (int i = 0; i < bits.length; i++) {
        bits[i] = Short.toUnsignedInt(shorts.getShort(i));
      }
      return bits;
    }
  }

  // Bodies that do not fit the signature

  @Test
  void theBodyNeedsExactlyOneOfInstancesAndInputs() {
    String fix = "write {\"instances\": [...]} with one element per example, or {\"inputs\": ...}";
    assertRefused(
        () -> convertOne("{'examples': [1]}", DataType.DT_FLOAT),
        "--request b.json: the body has neither \"instances\" nor \"inputs\"",
        fix);
    assertRefused(
        () -> convertOne("{'instances': [1], 'inputs': [1]}", DataType.DT_FLOAT),
        "--request b.json: the body has both \"instances\" and \"inputs\"",
        fix);
    assertRefused(
        () -> convertOne("[1]", DataType.DT_FLOAT),
        "--request b.json: the predict body is not a JSON object",
        fix);
  }

  @Test
  void instancesMustBeANonEmptyList() {
    assertRefused(
        () -> convertOne("{'instances': []}", DataType.DT_FLOAT),
        "--request b.json: \"instances\" is empty",
        "list at least one example");
    assertRefused(
        () -> convertOne("{'instances': 1}", DataType.DT_FLOAT),
        "--request b.json: \"instances\" is 1, not a list");
  }

  @Test
  void raggedArraysAreRefusedNamingThePlace() {
    String fix = "make the nested lists rectangular: every list at one depth the same length";
    assertRefused(
        () -> convertOne("{'inputs': [[1, 2], [3, 4], [5]]}", DataType.DT_FLOAT),
        "--request b.json: input x[2] has 1 elements, but x[0] has 2",
        fix);
    assertRefused(
        () -> convertOne("{'inputs': [[1, 2], [3, [4]]]}", DataType.DT_FLOAT),
        "--request b.json: input x[1][1] is a list, but x[0][0] is a value",
        fix);
    assertRefused(
        () -> convertOne("{'inputs': [[1], 2]}", DataType.DT_FLOAT),
        "--request b.json: input x[1] is 2, but x[0] is a list",
        fix);
  }

  @Test
  void instancesOfDifferentShapesAreRefusedNamingTheInstance() {
    assertRefused(
        () ->
            convert(
                "{'instances': [{'x': [1, 2]}, {'x': [1]}]}", signature("x", DataType.DT_FLOAT)),
        "--request b.json: input x[1] has 1 elements, but x[0] has 2",
        "make the nested lists rectangular: every list at one depth the same length");
  }

  @Test
  void aValueOfTheWrongJsonTypeIsRefusedNamingThePlace() {
    assertRefused(
        () -> convertOne("{'instances': [[1.0], ['abc']]}", DataType.DT_FLOAT),
        "--request b.json: input x[1][0] is \"abc\", not a DT_FLOAT number",
        "write numbers for DT_FLOAT inputs");
    assertRefused(
        () -> convertOne("{'inputs': [1, 1.5]}", DataType.DT_INT32),
        "--request b.json: input x[1] is 1.5, not a DT_INT32 integer",
        "write whole numbers without a decimal point or exponent for DT_INT32 inputs");
    assertRefused(
        () -> convertOne("{'inputs': [true, 1]}", DataType.DT_BOOL),
        "--request b.json: input x[1] is 1, not a DT_BOOL true or false",
        "write true or false for DT_BOOL inputs");
    assertRefused(
        () -> convertOne("{'inputs': [null]}", DataType.DT_STRING),
        "--request b.json: input x[0] is null, not a DT_STRING string or {\"b64\": ...}",
        "write strings, or {\"b64\": \"...\"} for binary data, for DT_STRING inputs");
    assertRefused(
        () -> convertOne("{'inputs': {'b64': 'AAAA'}}", DataType.DT_FLOAT),
        "--request b.json: input x is {\"b64\":\"AAAA\"}, not a DT_FLOAT number");
  }

  @Test
  void integersOutsideTheDtypesRangeAreRefused() {
    assertRefused(
        () -> convertOne("{'inputs': [255, 256]}", DataType.DT_UINT8),
        "--request b.json: input x[1] is 256, outside DT_UINT8's range 0 to 255",
        "write integers from 0 to 255 for DT_UINT8 inputs");
    assertRefused(
        () -> convertOne("{'inputs': -129}", DataType.DT_INT8),
        "--request b.json: input x is -129, outside DT_INT8's range -128 to 127");
    assertRefused(
        () -> convertOne("{'inputs': [2147483648]}", DataType.DT_INT32),
        "--request b.json: input x[0] is 2147483648, outside DT_INT32's range -2147483648 to"
            + " 2147483647");
    assertRefused(
        () -> convertOne("{'inputs': [-1]}", DataType.DT_UINT32),
        "--request b.json: input x[0] is -1, outside DT_UINT32's range 0 to 4294967295");
    assertRefused(
        () -> convertOne("{'inputs': [9223372036854775808]}", DataType.DT_INT64),
        "--request b.json: input x[0] is 9223372036854775808, outside DT_INT64's range"
            + " -9223372036854775808 to 9223372036854775807");
    assertRefused(
        () -> convertOne("{'inputs': [18446744073709551616]}", DataType.DT_UINT64),
        "--request b.json: input x[0] is 18446744073709551616, outside DT_UINT64's range 0 to"
            + " 18446744073709551615");
  }

  @Test
  void badBase64IsRefused() {
    assertThatThrownBy(() -> convertOne("{'inputs': [{'b64': 'not base64!'}]}", DataType.DT_STRING))
        .isInstanceOf(UserError.class)
        .hasMessageStartingWith(
            "--request b.json: input x[0] is {\"b64\":\"not base64!\"}, whose b64 is not base64: ");
  }

  @Test
  void anInputTheSignatureDoesNotHaveIsRefusedListingItsInputs() {
    SignatureDef signature = signature("a", DataType.DT_FLOAT, "b", DataType.DT_FLOAT);

    assertRefused(
        () -> convert("{'inputs': {'a': 1, 'b': 2, 'c': 3}}", signature),
        "--request b.json: \"inputs\" names input c, which the signature does not have",
        "use the signature's inputs: a, b");
    assertRefused(
        () -> convert("{'instances': [{'a': 1, 'B': 2}]}", signature),
        "--request b.json: instance 0 names input B, which the signature does not have",
        "use the signature's inputs: a, b");
  }

  @Test
  void aSignatureInputMissingFromTheBodyIsRefused() {
    SignatureDef signature = signature("a", DataType.DT_FLOAT, "b", DataType.DT_FLOAT);

    assertRefused(
        () -> convert("{'inputs': {'a': 1}}", signature),
        "--request b.json: \"inputs\" has no value for input b",
        "give every input of the signature: a, b");
    assertRefused(
        () -> convert("{'instances': [{'b': 1}]}", signature),
        "--request b.json: instance 0 has no value for input a",
        "give every input of the signature: a, b");
  }

  @Test
  void everyInstanceMustNameTheSameInputs() {
    SignatureDef signature = signature("a", DataType.DT_FLOAT, "b", DataType.DT_FLOAT);

    assertRefused(
        () -> convert("{'instances': [{'a': 1, 'b': 2}, {'a': 3}]}", signature),
        "--request b.json: instance 1 names inputs [a], not [a, b] like instance 0",
        "name the same inputs in every instance");
    assertRefused(
        () -> convert("{'instances': [{'a': 1, 'b': 2}, [3, 4]]}", signature),
        "--request b.json: instance 1 is [3,4], not an object of named inputs like instance 0",
        "write every instance alike");
    assertRefused(
        () -> convertOne("{'instances': [1, {'x': 2}]}", DataType.DT_FLOAT),
        "--request b.json: instance 1 is an object of named inputs, but instance 0 is not",
        "write every instance alike");
  }

  @Test
  void unnamedValuesNeedASignatureWithOneInput() {
    SignatureDef signature = signature("a", DataType.DT_FLOAT, "b", DataType.DT_FLOAT);
    String fix = "name every input in an object, e.g. {\"a\": ..., \"b\": ...}";

    assertRefused(
        () -> convert("{'instances': [[1, 2]]}", signature),
        "--request b.json: \"instances\" holds plain values, but the signature has inputs a, b",
        fix);
    assertRefused(
        () -> convert("{'inputs': [[1, 2]]}", signature),
        "--request b.json: \"inputs\" is not an object of named inputs, but the signature has"
            + " inputs a, b",
        fix);
  }

  @Test
  void dtypesJsonCannotCarryAreRefused() {
    assertRefused(
        () -> convertOne("{'inputs': [1]}", DataType.DT_COMPLEX64),
        "--request b.json: input x has dtype DT_COMPLEX64, which JSON values cannot carry",
        "use a signature whose inputs are numbers, bools or strings");
  }

  @Test
  void sparseInputsAreRefused() {
    SignatureDef signature =
        SignatureDef.newBuilder()
            .putInputs(
                "x",
                TensorInfo.newBuilder()
                    .setDtype(DataType.DT_FLOAT)
                    .setCooSparse(
                        TensorInfo.CooSparse.newBuilder()
                            .setValuesTensorName("v:0")
                            .setIndicesTensorName("i:0"))
                    .build())
            .build();

    assertRefused(
        () -> convert("{'inputs': [1]}", signature),
        "--request b.json: input x is a coo sparse tensor, which a predict body cannot fill",
        "use a signature whose inputs are plain (dense) tensors");
  }

  // What the load tester generates

  @Test
  void convertsTheBodiesGeneratedForTheExampleModel() throws IOException {
    Path model =
        new ModelExtractor(ExtractListener.NONE)
            .extract(
                new ExtractRequest(
                    EXAMPLE,
                    "half_plus_two",
                    dir.resolve("models"),
                    null,
                    null,
                    ArchiveLimits.DEFAULTS))
            .modelDir();

    for (String name : List.of("serving_default", "regress_x_to_y")) {
      RequestBody request = RequestBody.fromSignature(model, name, 3, 7);
      JsonNode body = MAPPER.readTree(request.bytes());
      SignatureDef signature = signatures(model).get(name);

      Map<String, TensorProto> tensors =
          JsonTensors.fromPredictBody(body, signature, request.source());

      String input = signature.getInputsMap().keySet().iterator().next();
      TensorProto x = tensors.get(input);
      assertThat(tensors.keySet()).containsExactly(input);
      assertThat(x.getDtype()).isEqualTo(DataType.DT_FLOAT);
      assertThat(dims(x)).containsExactly(3L, 1L);
      assertThat(x.getFloatValList())
          .containsExactly(
              body.at("/instances/0/0").floatValue(),
              body.at("/instances/1/0").floatValue(),
              body.at("/instances/2/0").floatValue());
    }
  }

  @Test
  void convertsTheColumnsGeneratedForEveryDtypeTheyCover() throws IOException {
    Path version = dir.resolve("multi/1");
    MultiInputModel.export(version);
    RequestBody request = RequestBody.fromSignature(version, "serving_default", 2, 1);

    Map<String, TensorProto> tensors =
        JsonTensors.fromPredictBody(
            MAPPER.readTree(request.bytes()),
            signatures(version).get("serving_default"),
            request.source());

    Map<String, Object> shapes = new LinkedHashMap<>();
    tensors.forEach((name, tensor) -> shapes.put(name, tensor.getDtype() + " " + dims(tensor)));
    assertThat(shapes)
        .containsExactly(
            Map.entry("flag", "DT_BOOL [2]"),
            Map.entry("ids", "DT_INT64 [2, 3]"),
            Map.entry("image_bytes", "DT_STRING [2]"),
            Map.entry("scale", "DT_FLOAT []"),
            Map.entry("text", "DT_STRING [2]"));
    assertThat(tensors.get("ids").getInt64ValCount()).isEqualTo(6);
    assertThat(tensors.get("flag").getBoolValCount()).isEqualTo(2);
    assertThat(tensors.get("scale").getFloatValCount()).isEqualTo(1);
    List<String> words = new ArrayList<>();
    tensors.get("image_bytes").getStringValList().forEach(b -> words.add(b.toStringUtf8()));
    tensors.get("text").getStringValList().forEach(b -> words.add(b.toStringUtf8()));
    // Generated strings are words; image_bytes ones come decoded from their base64.
    assertThat(words).hasSize(4).allMatch(word -> word.matches("[a-z]+"));
  }

  private static Map<String, SignatureDef> signatures(Path modelDir) {
    List<ValidatedVersion> versions = new SavedModelValidator().validate(modelDir);
    return versions.get(versions.size() - 1).servingGraph().getSignatureDefMap();
  }
}
