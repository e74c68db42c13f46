package dev.tfsdeploy.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.container.v1.Cluster;
import com.google.protobuf.util.JsonFormat;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.SavedModel;
import org.tensorflow.proto.SignatureDef;

/**
 * google-cloud-container brings protobuf-java 4.x; TensorFlow's generated classes were made for
 * 3.21. Both must work on the one runtime the build resolves.
 */
class GoogleCloudProtobufCompatibilityTest {
  /** TensorFlow Serving's own test model, from ../shared/fixtures beside the project root. */
  static final Path HALF_PLUS_TWO =
      Path.of(System.getProperty("tfsdeploy.projectRoot", ".."))
          .toAbsolutePath()
          .resolve("../shared/fixtures/tf-serving-testdata/saved_model_half_plus_two_cpu/00000123/saved_model.pb")
          .normalize();

  @Test
  void tensorFlowsSavedModelProtoParsesOnTheResolvedProtobufRuntime() throws IOException {
    SavedModel model = SavedModel.parseFrom(Files.readAllBytes(HALF_PLUS_TWO));

    assertThat(model.getMetaGraphsList()).hasSize(1);
    assertThat(model.getMetaGraphs(0).getMetaInfoDef().getTagsList()).containsExactly("serve");
    SignatureDef serving = model.getMetaGraphs(0).getSignatureDefOrThrow("serving_default");
    assertThat(serving.getInputsOrThrow("x").getDtype()).isEqualTo(DataType.DT_FLOAT);
    assertThat(serving.getOutputsOrThrow("y").getName()).isEqualTo("y:0");
    assertThat(com.google.protobuf.TextFormat.printer().printToString(serving)).contains("x:0");
  }

  @Test
  void gkeClusterProtoParsesFromTheApisJsonOnTheSameRuntime() throws IOException {
    Cluster.Builder cluster = Cluster.newBuilder();
    JsonFormat.parser().ignoringUnknownFields().merge(
        "{\"name\": \"serving\", \"endpoint\": \"34.1.2.3\", \"masterAuth\": {\"clusterCaCertificate\": \"LS0t\"},"
            + " \"controlPlaneEndpointsConfig\": {\"dnsEndpointConfig\": {\"endpoint\": \"gke-1.gke.goog\"}}}",
        cluster);

    assertThat(cluster.getEndpoint()).isEqualTo("34.1.2.3");
    assertThat(cluster.getControlPlaneEndpointsConfig().getDnsEndpointConfig().getEndpoint()).isEqualTo("gke-1.gke.goog");
  }
}
