package dev.tfsdeploy.cluster.testing;

import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;

/** How the GKE API would describe a Fabric8 mock API server: its endpoint and its CA. */
public final class MockApiServerAddress {
  private MockApiServerAddress() {}

  /** host:port, as the GKE API reports a cluster's {@code endpoint}. */
  public static String endpoint(KubernetesMockServer server) {
    return "127.0.0.1:" + server.getPort();
  }

  /**
   * The HTTPS server's certificate, base64-encoded PEM, as GKE's {@code
   * masterAuth.clusterCaCertificate}.
   */
  public static String caData(KubernetesMockServer server) {
    try {
      return Base64.getEncoder()
          .encodeToString(
              Files.readAllBytes(Path.of(server.getSelfSignedCertificate().certificatePath())));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
