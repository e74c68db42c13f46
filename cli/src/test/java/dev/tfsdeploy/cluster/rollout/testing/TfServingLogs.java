package dev.tfsdeploy.cluster.rollout.testing;

import java.util.stream.Collectors;
import java.util.stream.IntStream;

/** Log text shaped like tensorflow_model_server's, for the pods the simulator runs. */
final class TfServingLogs {
  private TfServingLogs() {}

  static String started() {
    return """
    2026-11-26 10:00:00.000001: I tensorflow_serving/model_servers/server.cc:77] Building single TensorFlow model file config:  model_name: model model_base_path: /models/model
    2026-11-26 10:00:01.000001: I tensorflow_serving/core/loader_harness.cc:98] Successfully loaded servable version {name: model version: 1}
    [evhttp_server.cc : 250] NET_LOG: Entering the event loop ...
    2026-11-26 10:00:01.000003: I tensorflow_serving/model_servers/server.cc:462] Exporting HTTP/REST API at:localhost:8501 ...
    """;
  }

  /** 60 lines of start-up noise, then the error: only the last 50 lines should be shown. */
  static String crashedOnMissingModel() {
    String noise =
        IntStream.rangeClosed(1, 60)
            .mapToObj(
                i ->
                    "2026-11-26 10:00:00.%06d: I external/org_tensorflow/tensorflow/core/util/port.cc:113] start-up line %d"
                        .formatted(i, i))
            .collect(Collectors.joining("\n"));
    return noise
        + "\n"
        + "2026-11-26 10:00:02.000001: E"
        + " tensorflow_serving/sources/storage_path/file_system_storage_path_source.cc:353]"
        + " FileSystemStoragePathSource encountered a filesystem access error: Could not find base"
        + " path /models/model for servable model\n"
        + "Failed to start server. Error: NOT_FOUND: Could not find base path /models/model for"
        + " servable model\n";
  }

  static String killedWhileLoading() {
    return """
    2026-11-26 10:00:00.000001: I tensorflow_serving/model_servers/server.cc:77] Building single TensorFlow model file config:  model_name: model model_base_path: /models/model
    2026-11-26 10:00:00.500000: I tensorflow_serving/core/loader_harness.cc:66] Approving load for servable version {name: model version: 1}
    2026-11-26 10:00:00.600000: I external/org_tensorflow/tensorflow/cc/saved_model/reader.cc:83] Reading SavedModel from: /models/model/1
    """;
  }
}
