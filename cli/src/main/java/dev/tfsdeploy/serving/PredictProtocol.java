package dev.tfsdeploy.serving;

import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import com.google.protobuf.DescriptorProtos.DescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto.Label;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DescriptorProtos.MessageOptions;
import com.google.protobuf.DescriptorProtos.MethodDescriptorProto;
import com.google.protobuf.DescriptorProtos.OneofDescriptorProto;
import com.google.protobuf.DescriptorProtos.ServiceDescriptorProto;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.DescriptorValidationException;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.Int64Value;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import io.grpc.MethodDescriptor;
import io.grpc.protobuf.ProtoUtils;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.tensorflow.proto.SignatureDef;
import org.tensorflow.proto.TensorProto;

/**
 * TF Serving's {@code tensorflow.serving.PredictionService} methods Predict and GetModelMetadata as
 * gRPC and protobuf see them on the wire, described here rather than generated from TF Serving's
 * .proto files: the messages those calls need, with TF Serving's package, names and field numbers,
 * over TensorFlow's own {@link TensorProto} and {@link SignatureDef}. Messages are {@link
 * DynamicMessage}s.
 */
public final class PredictProtocol {
  public static final String SERVICE = "tensorflow.serving.PredictionService";
  private static final String PACKAGE = "tensorflow.serving";

  private static final FileDescriptor FILE = build();
  public static final Descriptor MODEL_SPEC = FILE.findMessageTypeByName("ModelSpec");
  public static final Descriptor PREDICT_REQUEST = FILE.findMessageTypeByName("PredictRequest");
  public static final Descriptor PREDICT_RESPONSE = FILE.findMessageTypeByName("PredictResponse");
  public static final Descriptor METADATA_REQUEST =
      FILE.findMessageTypeByName("GetModelMetadataRequest");
  public static final Descriptor METADATA_RESPONSE =
      FILE.findMessageTypeByName("GetModelMetadataResponse");
  static final Descriptor SIGNATURE_DEF_MAP = FILE.findMessageTypeByName("SignatureDefMap");

  /** The one metadata field TF Serving has: the model's signatures. */
  static final String SIGNATURE_DEF = "signature_def";

  /** The unary Predict method, with protobuf marshalling of the dynamic messages. */
  public static final MethodDescriptor<DynamicMessage, DynamicMessage> PREDICT =
      unary("Predict", PREDICT_REQUEST, PREDICT_RESPONSE);

  /** The unary GetModelMetadata method: the model's signatures, from the server. */
  public static final MethodDescriptor<DynamicMessage, DynamicMessage> GET_MODEL_METADATA =
      unary("GetModelMetadata", METADATA_REQUEST, METADATA_RESPONSE);

  private PredictProtocol() {}

  private static MethodDescriptor<DynamicMessage, DynamicMessage> unary(
      String method, Descriptor request, Descriptor response) {
    return MethodDescriptor.<DynamicMessage, DynamicMessage>newBuilder()
        .setType(MethodDescriptor.MethodType.UNARY)
        .setFullMethodName(MethodDescriptor.generateFullMethodName(SERVICE, method))
        .setRequestMarshaller(ProtoUtils.marshaller(DynamicMessage.getDefaultInstance(request)))
        .setResponseMarshaller(ProtoUtils.marshaller(DynamicMessage.getDefaultInstance(response)))
        .build();
  }

  /** A request for the signatures of {@code model}'s latest version. */
  public static DynamicMessage metadataRequest(String model) {
    return DynamicMessage.newBuilder(METADATA_REQUEST)
        .setField(field(METADATA_REQUEST, "model_spec"), modelSpec(model, Optional.empty()))
        .addRepeatedField(field(METADATA_REQUEST, "metadata_field"), SIGNATURE_DEF)
        .build();
  }

  /** A metadata response listing {@code signatures}: what a server (or a test's) answers. */
  public static DynamicMessage metadataResponse(
      String model, long version, Map<String, SignatureDef> signatures) {
    DynamicMessage.Builder map = DynamicMessage.newBuilder(SIGNATURE_DEF_MAP);
    addEntries(map, field(SIGNATURE_DEF_MAP, "signature_def"), signatures);
    Any packed =
        Any.newBuilder()
            .setTypeUrl("type.googleapis.com/" + SIGNATURE_DEF_MAP.getFullName())
            .setValue(map.build().toByteString())
            .build();
    DynamicMessage.Builder response =
        DynamicMessage.newBuilder(METADATA_RESPONSE)
            .setField(
                field(METADATA_RESPONSE, "model_spec"), modelSpec(model, Optional.of(version)));
    addEntries(response, field(METADATA_RESPONSE, "metadata"), Map.of(SIGNATURE_DEF, packed));
    return response.build();
  }

  /** The signatures a metadata response lists, by name; empty when it lists none. */
  public static Map<String, SignatureDef> signatures(DynamicMessage metadataResponse) {
    Map<String, Any> metadata =
        entries(metadataResponse, field(METADATA_RESPONSE, "metadata"), Any::parseFrom);
    Any packed = metadata.get(SIGNATURE_DEF);
    if (packed == null) {
      return Map.of();
    }
    try {
      DynamicMessage map = DynamicMessage.parseFrom(SIGNATURE_DEF_MAP, packed.getValue());
      return entries(map, field(SIGNATURE_DEF_MAP, "signature_def"), SignatureDef::parseFrom);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("the server's signature_def metadata does not parse", e);
    }
  }

  /**
   * A predict request for {@code model} (its latest version unless {@code version} is given),
   * {@code signature} and the named input tensors.
   */
  public static DynamicMessage request(
      String model, Optional<Long> version, String signature, Map<String, TensorProto> inputs) {
    DynamicMessage spec =
        modelSpec(model, version).toBuilder()
            .setField(field(MODEL_SPEC, "signature_name"), signature)
            .build();
    DynamicMessage.Builder request =
        DynamicMessage.newBuilder(PREDICT_REQUEST)
            .setField(field(PREDICT_REQUEST, "model_spec"), spec);
    addEntries(request, field(PREDICT_REQUEST, "inputs"), inputs);
    return request.build();
  }

  /** A predict response holding {@code outputs}: what a server (or a test's) answers. */
  public static DynamicMessage response(
      String model, long version, Map<String, TensorProto> outputs) {
    DynamicMessage.Builder response = DynamicMessage.newBuilder(PREDICT_RESPONSE);
    addEntries(response, field(PREDICT_RESPONSE, "outputs"), outputs);
    return response
        .setField(field(PREDICT_RESPONSE, "model_spec"), modelSpec(model, Optional.of(version)))
        .build();
  }

  /** The model name a request's ModelSpec asks for (a predict or a metadata request). */
  public static String modelName(DynamicMessage request) {
    DynamicMessage spec =
        (DynamicMessage) request.getField(field(request.getDescriptorForType(), "model_spec"));
    return (String) spec.getField(field(MODEL_SPEC, "name"));
  }

  /** The signature a predict request names; empty when it leaves it to the default. */
  public static String signatureName(DynamicMessage request) {
    DynamicMessage spec = (DynamicMessage) request.getField(field(PREDICT_REQUEST, "model_spec"));
    return (String) spec.getField(field(MODEL_SPEC, "signature_name"));
  }

  /** The named tensors of a request's inputs or a response's outputs. */
  public static Map<String, TensorProto> tensors(DynamicMessage message) {
    Descriptor type = message.getDescriptorForType();
    return entries(
        message,
        field(type, type == PREDICT_REQUEST ? "inputs" : "outputs"),
        TensorProto::parseFrom);
  }

  private static DynamicMessage modelSpec(String model, Optional<Long> version) {
    DynamicMessage.Builder spec =
        DynamicMessage.newBuilder(MODEL_SPEC).setField(field(MODEL_SPEC, "name"), model);
    version.ifPresent(v -> spec.setField(field(MODEL_SPEC, "version"), Int64Value.of(v)));
    return spec.build();
  }

  /** A map field's entries; the values, dynamic or not, are read as {@code parser}'s type. */
  private static <T> Map<String, T> entries(
      DynamicMessage message, FieldDescriptor map, ValueParser<T> parser) {
    Descriptor entryType = map.getMessageType();
    Map<String, T> entries = new TreeMap<>();
    for (int i = 0; i < message.getRepeatedFieldCount(map); i++) {
      Message entry = (Message) message.getRepeatedField(map, i);
      Message value = (Message) entry.getField(entryType.findFieldByName("value"));
      try {
        entries.put(
            (String) entry.getField(entryType.findFieldByName("key")),
            parser.parse(value.toByteString()));
      } catch (InvalidProtocolBufferException e) {
        throw new IllegalStateException(
            "a map value that does not parse as " + map.getMessageType().getName(), e);
      }
    }
    return entries;
  }

  private static void addEntries(
      DynamicMessage.Builder message, FieldDescriptor map, Map<String, ? extends Message> values) {
    Descriptor entryType = map.getMessageType();
    values.forEach(
        (name, value) ->
            message.addRepeatedField(
                map,
                DynamicMessage.newBuilder(entryType)
                    .setField(entryType.findFieldByName("key"), name)
                    .setField(entryType.findFieldByName("value"), value)
                    .build()));
  }

  /** Parses a map value's bytes. */
  @FunctionalInterface
  private interface ValueParser<T> {
    T parse(ByteString bytes) throws InvalidProtocolBufferException;
  }

  static FieldDescriptor field(Descriptor type, String name) {
    return type.findFieldByName(name);
  }

  /** TF Serving's predict.proto and model.proto, the parts a predict call uses. */
  private static FileDescriptor build() {
    FileDescriptor tensorFile = TensorProto.getDescriptor().getFile();
    FileDescriptor wrappersFile = Int64Value.getDescriptor().getFile();
    FileDescriptor anyFile = Any.getDescriptor().getFile();
    FileDescriptor metaGraphFile = SignatureDef.getDescriptor().getFile();
    String tensor = "." + TensorProto.getDescriptor().getFullName();
    DescriptorProto modelSpec =
        DescriptorProto.newBuilder()
            .setName("ModelSpec")
            .addField(scalar("name", 1, FieldDescriptorProto.Type.TYPE_STRING))
            .addField(
                message("version", 2, "." + Int64Value.getDescriptor().getFullName()).toBuilder()
                    .setOneofIndex(0))
            .addField(scalar("signature_name", 3, FieldDescriptorProto.Type.TYPE_STRING))
            .addField(
                scalar("version_label", 4, FieldDescriptorProto.Type.TYPE_STRING).toBuilder()
                    .setOneofIndex(0))
            .addOneofDecl(OneofDescriptorProto.newBuilder().setName("version_choice"))
            .build();
    DescriptorProto request =
        DescriptorProto.newBuilder()
            .setName("PredictRequest")
            .addField(message("model_spec", 1, ".tensorflow.serving.ModelSpec"))
            .addField(entryMap("inputs", 2, "PredictRequest", "InputsEntry"))
            .addField(
                scalar("output_filter", 3, FieldDescriptorProto.Type.TYPE_STRING).toBuilder()
                    .setLabel(Label.LABEL_REPEATED))
            .addNestedType(mapEntry("InputsEntry", tensor))
            .build();
    DescriptorProto response =
        DescriptorProto.newBuilder()
            .setName("PredictResponse")
            .addField(entryMap("outputs", 1, "PredictResponse", "OutputsEntry"))
            .addField(message("model_spec", 2, ".tensorflow.serving.ModelSpec"))
            .addNestedType(mapEntry("OutputsEntry", tensor))
            .build();
    DescriptorProto signatureDefMap =
        DescriptorProto.newBuilder()
            .setName("SignatureDefMap")
            .addField(entryMap("signature_def", 1, "SignatureDefMap", "SignatureDefEntry"))
            .addNestedType(
                mapEntry("SignatureDefEntry", "." + SignatureDef.getDescriptor().getFullName()))
            .build();
    DescriptorProto metadataRequest =
        DescriptorProto.newBuilder()
            .setName("GetModelMetadataRequest")
            .addField(message("model_spec", 1, ".tensorflow.serving.ModelSpec"))
            .addField(
                scalar("metadata_field", 2, FieldDescriptorProto.Type.TYPE_STRING).toBuilder()
                    .setLabel(Label.LABEL_REPEATED))
            .build();
    DescriptorProto metadataResponse =
        DescriptorProto.newBuilder()
            .setName("GetModelMetadataResponse")
            .addField(message("model_spec", 1, ".tensorflow.serving.ModelSpec"))
            .addField(entryMap("metadata", 2, "GetModelMetadataResponse", "MetadataEntry"))
            .addNestedType(mapEntry("MetadataEntry", "." + Any.getDescriptor().getFullName()))
            .build();
    FileDescriptorProto file =
        FileDescriptorProto.newBuilder()
            .setName("tfs_deploy/tensorflow_serving_predict.proto")
            .setPackage(PACKAGE)
            .setSyntax("proto3")
            .addDependency(tensorFile.getName())
            .addDependency(wrappersFile.getName())
            .addDependency(anyFile.getName())
            .addDependency(metaGraphFile.getName())
            .addMessageType(modelSpec)
            .addMessageType(request)
            .addMessageType(response)
            .addMessageType(signatureDefMap)
            .addMessageType(metadataRequest)
            .addMessageType(metadataResponse)
            .addService(
                ServiceDescriptorProto.newBuilder()
                    .setName("PredictionService")
                    .addMethod(
                        MethodDescriptorProto.newBuilder()
                            .setName("Predict")
                            .setInputType(".tensorflow.serving.PredictRequest")
                            .setOutputType(".tensorflow.serving.PredictResponse"))
                    .addMethod(
                        MethodDescriptorProto.newBuilder()
                            .setName("GetModelMetadata")
                            .setInputType(".tensorflow.serving.GetModelMetadataRequest")
                            .setOutputType(".tensorflow.serving.GetModelMetadataResponse")))
            .build();
    try {
      return FileDescriptor.buildFrom(
          file, new FileDescriptor[] {tensorFile, wrappersFile, anyFile, metaGraphFile});
    } catch (DescriptorValidationException e) {
      throw new IllegalStateException("TF Serving's predict messages do not describe", e);
    }
  }

  static FieldDescriptorProto scalar(String name, int number, FieldDescriptorProto.Type type) {
    return FieldDescriptorProto.newBuilder()
        .setName(name)
        .setNumber(number)
        .setType(type)
        .setLabel(Label.LABEL_OPTIONAL)
        .setJsonName(jsonName(name))
        .build();
  }

  static FieldDescriptorProto message(String name, int number, String typeName) {
    return FieldDescriptorProto.newBuilder()
        .setName(name)
        .setNumber(number)
        .setType(FieldDescriptorProto.Type.TYPE_MESSAGE)
        .setTypeName(typeName)
        .setLabel(Label.LABEL_OPTIONAL)
        .setJsonName(jsonName(name))
        .build();
  }

  private static FieldDescriptorProto entryMap(
      String name, int number, String owner, String entry) {
    return message(name, number, ".tensorflow.serving." + owner + "." + entry).toBuilder()
        .setLabel(Label.LABEL_REPEATED)
        .build();
  }

  private static DescriptorProto mapEntry(String name, String valueType) {
    return DescriptorProto.newBuilder()
        .setName(name)
        .addField(scalar("key", 1, FieldDescriptorProto.Type.TYPE_STRING))
        .addField(message("value", 2, valueType))
        .setOptions(MessageOptions.newBuilder().setMapEntry(true))
        .build();
  }

  private static String jsonName(String name) {
    StringBuilder json = new StringBuilder();
    boolean upper = false;
    for (char c : name.toCharArray()) {
      if (c == '_') {
        upper = true;
      } else {
        json.append(upper ? Character.toUpperCase(c) : c);
        upper = false;
      }
    }
    return json.toString();
  }
}
