package dev.tfsdeploy.image;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.cloud.tools.jib.api.ImageReference;
import org.junit.jupiter.api.Test;

/** Where the workers' image goes when none is given: next to the model's. */
class WorkerImageRequestTest {
  @Test
  void theWorkersImageIsPushedNextToTheModelImage() throws Exception {
    ImageReference model =
        ImageReference.parse(
            "us-central1-docker.pkg.dev/proj/tfs-deploy/half_plus_two@sha256:" + "a".repeat(64));

    assertThat(WorkerImageRequest.besideModelImage(model, "1.4.0").toString())
        .isEqualTo("us-central1-docker.pkg.dev/proj/tfs-deploy/tfs-deploy-worker:1.4.0");
  }

  @Test
  void aModelImageAtTheRegistrysTopGetsAWorkerImageThereToo() throws Exception {
    ImageReference model = ImageReference.parse("127.0.0.1:5000/half_plus_two:model-abc");

    assertThat(WorkerImageRequest.besideModelImage(model, "dev").toString())
        .isEqualTo("127.0.0.1:5000/tfs-deploy-worker:dev");
  }
}
