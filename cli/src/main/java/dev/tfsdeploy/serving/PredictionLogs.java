package dev.tfsdeploy.serving;

import com.google.protobuf.DescriptorProtos.DescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DescriptorProtos.OneofDescriptorProto;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.DescriptorValidationException;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.Descriptors.OneofDescriptor;
import com.google.protobuf.DynamicMessage;
import java.util.Optional;
import java.util.Set;

/**
 * TF Serving's {@code tensorflow.serving.PredictionLog} (prediction_log.proto), the record type of
 * a version's warmup file, with TF Serving's package, names and field numbers: {@code log_type} is
 * a oneof of classify_log (2), regress_log (3), multi_inference_log (4), session_run_log (5) and
 * predict_log (6, a {@code PredictLog} whose request is field 1). Only the predict log's request is
 * described in full (from {@link PredictProtocol}); the other logs' contents stay unparsed.
 */
public final class PredictionLogs {
  private static final FileDescriptor FILE = build();
  public static final Descriptor PREDICTION_LOG = FILE.findMessageTypeByName("PredictionLog");
  private static final Descriptor PREDICT_LOG = FILE.findMessageTypeByName("PredictLog");
  private static final OneofDescriptor LOG_TYPE = PREDICTION_LOG.getOneofs().get(0);

  /**
   * The log types TF Serving's warmup replays (saved_model_warmup_util.cc); any other makes the
   * version fail to load.
   */
  private static final Set<String> REPLAYED =
      Set.of("classify_log", "regress_log", "multi_inference_log", "predict_log");

  private PredictionLogs() {}

  /**
   * A PredictionLog whose predict_log holds {@code request} (a {@link PredictProtocol} request).
   */
  public static DynamicMessage ofPredictRequest(DynamicMessage request) {
    DynamicMessage predictLog =
        DynamicMessage.newBuilder(PREDICT_LOG)
            .setField(PredictProtocol.field(PREDICT_LOG, "request"), request)
            .build();
    return DynamicMessage.newBuilder(PREDICTION_LOG)
        .setField(PredictProtocol.field(PREDICTION_LOG, "predict_log"), predictLog)
        .build();
  }

  /** The log type the record holds (e.g. {@code predict_log}); empty when it holds none. */
  public static Optional<String> logType(DynamicMessage log) {
    FieldDescriptor set = log.getOneofFieldDescriptor(LOG_TYPE);
    return Optional.ofNullable(set).map(FieldDescriptor::getName);
  }

  /** Whether TF Serving's warmup replays records of {@code logType}. */
  public static boolean replayed(String logType) {
    return REPLAYED.contains(logType);
  }

  /** The predict request of a predict_log record; empty for other log types. */
  public static Optional<DynamicMessage> predictRequest(DynamicMessage log) {
    if (!logType(log).filter("predict_log"::equals).isPresent()) {
      return Optional.empty();
    }
    DynamicMessage predictLog =
        (DynamicMessage) log.getField(PredictProtocol.field(PREDICTION_LOG, "predict_log"));
    return Optional.of(
        (DynamicMessage) predictLog.getField(PredictProtocol.field(PREDICT_LOG, "request")));
  }

  private static FileDescriptor build() {
    FileDescriptor predict = PredictProtocol.PREDICT_REQUEST.getFile();
    DescriptorProto predictLog =
        DescriptorProto.newBuilder()
            .setName("PredictLog")
            .addField(PredictProtocol.message("request", 1, ".tensorflow.serving.PredictRequest"))
            .addField(PredictProtocol.message("response", 2, ".tensorflow.serving.PredictResponse"))
            .build();
    DescriptorProto.Builder log =
        DescriptorProto.newBuilder()
            .setName("PredictionLog")
            .addOneofDecl(OneofDescriptorProto.newBuilder().setName("log_type"));
    FileDescriptorProto.Builder file =
        FileDescriptorProto.newBuilder()
            .setName("tfs_deploy/tensorflow_serving_prediction_log.proto")
            .setPackage("tensorflow.serving")
            .setSyntax("proto3")
            .addDependency(predict.getName())
            .addMessageType(predictLog);
    // The logs warmup does not need to look into: messages whose fields stay unknown.
    String[][] opaque = {
      {"classify_log", "ClassifyLog", "2"},
      {"regress_log", "RegressLog", "3"},
      {"multi_inference_log", "MultiInferenceLog", "4"},
      {"session_run_log", "SessionRunLog", "5"}
    };
    for (String[] type : opaque) {
      file.addMessageType(DescriptorProto.newBuilder().setName(type[1]));
      log.addField(oneofMember(type[0], Integer.parseInt(type[2]), type[1]));
    }
    log.addField(oneofMember("predict_log", 6, "PredictLog"));
    file.addMessageType(log);
    try {
      return FileDescriptor.buildFrom(file.build(), new FileDescriptor[] {predict});
    } catch (DescriptorValidationException e) {
      throw new IllegalStateException("TF Serving's PredictionLog does not describe", e);
    }
  }

  private static FieldDescriptorProto oneofMember(String name, int number, String type) {
    return PredictProtocol.message(name, number, ".tensorflow.serving." + type).toBuilder()
        .setOneofIndex(0)
        .build();
  }
}
