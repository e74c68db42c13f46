package dev.tfsdeploy.serving;

import com.google.protobuf.Any;
import com.google.protobuf.DescriptorProtos.DescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto.Label;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DescriptorProtos.MessageOptions;
import com.google.protobuf.DescriptorProtos.OneofDescriptorProto;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.DescriptorValidationException;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.FileDescriptor;

/**
 * TF Serving's {@code tensorflow.serving.ModelServerConfig} (model_server_config.proto), the
 * message a {@code --model_config_file} holds as text, with TF Serving's package, names and field
 * numbers: a oneof of {@code model_config_list} (1) and {@code custom_model_config} (2); each
 * {@code ModelConfig} with name (1), base_path (2), model_platform (4), model_version_policy (7, a
 * {@code ServableVersionPolicy} whose oneof is latest 100, all 101, specific 102) and
 * version_labels (8, string to int64). The deprecated model_type and the logging_config are left
 * out: a file that sets them fails to parse, naming the field.
 */
final class ModelServerConfigProto {
  private static final String PACKAGE = ".tensorflow.serving.";
  private static final FileDescriptor FILE = build();

  static final Descriptor SERVER_CONFIG = FILE.findMessageTypeByName("ModelServerConfig");
  static final Descriptor CONFIG_LIST = FILE.findMessageTypeByName("ModelConfigList");
  static final Descriptor MODEL_CONFIG = FILE.findMessageTypeByName("ModelConfig");
  static final Descriptor POLICY = FILE.findMessageTypeByName("ServableVersionPolicy");
  static final Descriptor LATEST = POLICY.findNestedTypeByName("Latest");
  static final Descriptor ALL = POLICY.findNestedTypeByName("All");
  static final Descriptor SPECIFIC = POLICY.findNestedTypeByName("Specific");
  static final Descriptor LABEL_ENTRY = MODEL_CONFIG.findNestedTypeByName("VersionLabelsEntry");

  private ModelServerConfigProto() {}

  static FieldDescriptor field(Descriptor type, String name) {
    return type.findFieldByName(name);
  }

  private static FileDescriptor build() {
    FileDescriptor anyFile = Any.getDescriptor().getFile();
    DescriptorProto policy =
        DescriptorProto.newBuilder()
            .setName("ServableVersionPolicy")
            .addNestedType(
                DescriptorProto.newBuilder()
                    .setName("Latest")
                    .addField(
                        PredictProtocol.scalar(
                            "num_versions", 1, FieldDescriptorProto.Type.TYPE_UINT32)))
            .addNestedType(DescriptorProto.newBuilder().setName("All"))
            .addNestedType(
                DescriptorProto.newBuilder()
                    .setName("Specific")
                    .addField(
                        repeated(
                            PredictProtocol.scalar(
                                "versions", 1, FieldDescriptorProto.Type.TYPE_INT64))))
            .addOneofDecl(OneofDescriptorProto.newBuilder().setName("policy_choice"))
            .addField(oneof("latest", 100, PACKAGE + "ServableVersionPolicy.Latest"))
            .addField(oneof("all", 101, PACKAGE + "ServableVersionPolicy.All"))
            .addField(oneof("specific", 102, PACKAGE + "ServableVersionPolicy.Specific"))
            .build();
    DescriptorProto modelConfig =
        DescriptorProto.newBuilder()
            .setName("ModelConfig")
            .addField(PredictProtocol.scalar("name", 1, FieldDescriptorProto.Type.TYPE_STRING))
            .addField(PredictProtocol.scalar("base_path", 2, FieldDescriptorProto.Type.TYPE_STRING))
            .addField(
                PredictProtocol.scalar("model_platform", 4, FieldDescriptorProto.Type.TYPE_STRING))
            .addField(
                PredictProtocol.message(
                    "model_version_policy", 7, PACKAGE + "ServableVersionPolicy"))
            .addField(
                repeated(
                    PredictProtocol.message(
                        "version_labels", 8, PACKAGE + "ModelConfig.VersionLabelsEntry")))
            .addNestedType(
                DescriptorProto.newBuilder()
                    .setName("VersionLabelsEntry")
                    .addField(
                        PredictProtocol.scalar("key", 1, FieldDescriptorProto.Type.TYPE_STRING))
                    .addField(
                        PredictProtocol.scalar("value", 2, FieldDescriptorProto.Type.TYPE_INT64))
                    .setOptions(MessageOptions.newBuilder().setMapEntry(true)))
            .build();
    DescriptorProto configList =
        DescriptorProto.newBuilder()
            .setName("ModelConfigList")
            .addField(repeated(PredictProtocol.message("config", 1, PACKAGE + "ModelConfig")))
            .build();
    DescriptorProto serverConfig =
        DescriptorProto.newBuilder()
            .setName("ModelServerConfig")
            .addOneofDecl(OneofDescriptorProto.newBuilder().setName("config"))
            .addField(oneof("model_config_list", 1, PACKAGE + "ModelConfigList"))
            .addField(oneof("custom_model_config", 2, "." + Any.getDescriptor().getFullName()))
            .build();
    FileDescriptorProto file =
        FileDescriptorProto.newBuilder()
            .setName("tfs_deploy/tensorflow_serving_model_server_config.proto")
            .setPackage("tensorflow.serving")
            .setSyntax("proto3")
            .addDependency(anyFile.getName())
            .addMessageType(policy)
            .addMessageType(modelConfig)
            .addMessageType(configList)
            .addMessageType(serverConfig)
            .build();
    try {
      return FileDescriptor.buildFrom(file, new FileDescriptor[] {anyFile});
    } catch (DescriptorValidationException e) {
      throw new IllegalStateException("TF Serving's ModelServerConfig does not describe", e);
    }
  }

  private static FieldDescriptorProto repeated(FieldDescriptorProto field) {
    return field.toBuilder().setLabel(Label.LABEL_REPEATED).build();
  }

  /** A member of the message's first (only) oneof. */
  private static FieldDescriptorProto oneof(String name, int number, String type) {
    return PredictProtocol.message(name, number, type).toBuilder().setOneofIndex(0).build();
  }
}
