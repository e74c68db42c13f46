package dev.tfsdeploy.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.container.v1.Cluster;
import com.google.protobuf.util.JsonFormat;
import dev.tfsdeploy.model.TfModels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.SavedModel;
import org.tensorflow.proto.SignatureDef;

/**
 * google-cloud-container brings protobuf-java 4.x; TensorFlow's generated classes were made for
 * 3.21. Both must work on the one runtime the build resolves.
 */
class GoogleCloudProtobufCompatibilityTest {
  @TempDir Path dir;

  @Test
  void tensorFlowsSavedModelProtoParsesOnTheResolvedProtobufRuntime() throws IOException {
    Path exported = TfModels.halfPlusTwo(dir.resolve("1"));
    SavedModel model = SavedModel.parseFrom(Files.readAllBytes(exported.resolve("saved_model.pb")));

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
    JsonFormat.parser()
        .ignoringUnknownFields()
        .merge(
            "{\"name\": \"serving\", \"endpoint\": \"34.1.2.3\", \"masterAuth\":"
                + " {\"clusterCaCertificate\": \"LS0t\"}, \"controlPlaneEndpointsConfig\":"
                + " {\"dnsEndpointConfig\": {\"endpoint\": \"gke-1.gke.goog\"}}}",
            cluster);

    assertThat(cluster.getEndpoint()).isEqualTo("34.1.2.3");
    assertThat(cluster.getControlPlaneEndpointsConfig().getDnsEndpointConfig().getEndpoint())
        .isEqualTo("gke-1.gke.goog");
  }
}
