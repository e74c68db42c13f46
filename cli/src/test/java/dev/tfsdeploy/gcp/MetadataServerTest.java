package dev.tfsdeploy.gcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tfsdeploy.gcp.testing.GoogleTokenServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * When ADC's last resort, the metadata server, is used: decided from the environment and the
 * machine's firmware, without a network call. (Tokens from it: SetupKubectlIT, with the real
 * process environment google-auth-library reads.)
 */
class MetadataServerTest {
  @TempDir Path dir;

  static Function<String, Optional<String>> env(Map<String, String> variables) {
    return name -> Optional.ofNullable(variables.get(name));
  }

  @Test
  void gceMetadataHostNamesTheServer() {
    Path absent = dir.resolve("product_name");

    assertThat(MetadataServer.detect(env(Map.of("GCE_METADATA_HOST", "127.0.0.1:8088")), absent))
        .contains(new MetadataServer("127.0.0.1:8088", "GCE_METADATA_HOST"));
  }

  @Test
  void aComputeEngineVmIsKnownByItsFirmwaresProductName() throws IOException {
    Path productName = Files.writeString(dir.resolve("product_name"), "Google Compute Engine\n");

    assertThat(MetadataServer.detect(env(Map.of()), productName))
        .contains(new MetadataServer("metadata.google.internal", "this Compute Engine VM"));
  }

  @Test
  void anyOtherMachineHasNone() throws IOException {
    Path otherVm =
        Files.writeString(dir.resolve("product_name"), "Standard PC (Q35 + ICH9, 2009)\n");

    assertThat(MetadataServer.detect(env(Map.of()), otherVm)).isEmpty();
    assertThat(MetadataServer.detect(env(Map.of()), dir.resolve("no-firmware-information")))
        .isEmpty();
    assertThat(MetadataServer.detect(env(Map.of("GCE_METADATA_HOST", " ")), otherVm)).isEmpty();
  }

  @Test
  void noGceCheckTurnsItOffAsInGooglesClientLibraries() throws IOException {
    Path productName = Files.writeString(dir.resolve("product_name"), "Google Compute Engine\n");

    assertThat(MetadataServer.detect(env(Map.of("NO_GCE_CHECK", "true")), productName)).isEmpty();
    assertThat(
            MetadataServer.detect(
                env(Map.of("NO_GCE_CHECK", "True", "GCE_METADATA_HOST", "127.0.0.1:8088")),
                productName))
        .isEmpty();
    assertThat(MetadataServer.detect(env(Map.of("NO_GCE_CHECK", "false")), productName))
        .isPresent();
  }

  @Test
  void theProjectIsTheOneTheMetadataServerNames() throws IOException {
    try (GoogleTokenServer server =
        new GoogleTokenServer()
            .serveMetadata("ml-prod", "runner@ml-prod.iam.gserviceaccount.com")) {
      assertThat(new MetadataServer(server.metadataHost(), "GCE_METADATA_HOST").projectId())
          .contains("ml-prod");
    }
  }

  @Test
  void anUnreachableMetadataServerNamesNoProject() throws IOException {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }

    assertThat(new MetadataServer("127.0.0.1:" + closedPort, "GCE_METADATA_HOST").projectId())
        .isEmpty();
  }

  @Test
  void describesItselfWithHowItWasFound() {
    MetadataServer server = new MetadataServer("127.0.0.1:8088", "GCE_METADATA_HOST");

    assertThat(server.describe())
        .isEqualTo("the metadata server at 127.0.0.1:8088 (from GCE_METADATA_HOST)");
    assertThat(server.file()).isEmpty();
  }
}
