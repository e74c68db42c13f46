package dev.tfsdeploy.cluster.rollout.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Two experiments of the TF Serving overlay as {@code kubectl kustomize} rendered them: one with
 * server-side batching (a ConfigMap mounted by the Deployment), one without (but with a
 * PodDisruptionBudget and four replicas). The image is set the way the renderer pins it.
 */
public final class RenderedExperiments {
  public static final String BATCHING = "8vCPU+64GB+inter_op2_w_batch";
  public static final String NON_BATCHING = "2vCPU+4GB+inter_op2";
  public static final String IMAGE_V1 =
      "europe-docker.pkg.dev/acme/models/half-plus-two@sha256:1111111111111111111111111111111111111111111111111111111111111111";
  public static final String IMAGE_V2 =
      "europe-docker.pkg.dev/acme/models/half-plus-two@sha256:2222222222222222222222222222222222222222222222222222222222222222";
  public static final String IMAGE_BROKEN =
      "europe-docker.pkg.dev/acme/models/half-plus-two@sha256:dead00000000000000000000000000000000000000000000000000000000beef";

  private RenderedExperiments() {}

  public static String batching(String image) {
    return load("batching.yaml", image);
  }

  public static String nonBatching(String image) {
    return load("non-batching.yaml", image);
  }

  private static String load(String file, String image) {
    try (InputStream in =
        RenderedExperiments.class.getResourceAsStream("/dev/tfsdeploy/cluster/rollout/" + file)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8)
          .replace("image: tfs-serving-model", "image: " + image);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
