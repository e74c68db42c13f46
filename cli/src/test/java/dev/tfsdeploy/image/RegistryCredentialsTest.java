package dev.tfsdeploy.image;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.cloud.tools.jib.api.Credential;
import com.google.cloud.tools.jib.api.ImageReference;
import dev.tfsdeploy.image.RegistryCredentials.Source;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RegistryCredentialsTest {
  @TempDir Path temp;
  private final RecordingListener listener = new RecordingListener();
  private final CredentialTrail trail = new CredentialTrail();

  @Test
  void googleRegistriesTryApplicationDefaultCredentialsFirst() throws Exception {
    for (String image :
        List.of("us-docker.pkg.dev/p/r/serving", "gcr.io/p/serving", "eu.gcr.io/p/serving")) {
      assertThat(sources(image))
          .extracting(Source::name)
          .as(image)
          .containsExactly("Google Application Default Credentials", "Docker config " + config());
    }
  }

  @Test
  void otherRegistriesUseOnlyTheDockerConfig() throws Exception {
    for (String image :
        List.of("ghcr.io/acme/serving", "acme/serving", "127.0.0.1:5000/serving", "notgcr.io/x")) {
      assertThat(sources(image))
          .extracting(Source::name)
          .as(image)
          .containsExactly("Docker config " + config());
    }
  }

  @Test
  void dockerConfigDirectoryComesFromDockerConfigVariable() {
    assertThat(RegistryCredentials.dockerConfigFile(Map.of("DOCKER_CONFIG", "/etc/ci/docker")))
        .isEqualTo(Path.of("/etc/ci/docker/config.json"));
    assertThat(RegistryCredentials.dockerConfigFile(Map.of()))
        .isEqualTo(Path.of(System.getProperty("user.home"), ".docker", "config.json"));
  }

  @Test
  void dockerConfigAuthIsUsedAndItsPasswordMasked() throws Exception {
    Files.createDirectories(config().getParent());
    String auth =
        Base64.getEncoder().encodeToString("ci:p4ss-w0rd".getBytes(StandardCharsets.UTF_8));
    Files.writeString(
        config(), "{\"auths\":{\"registry.example.com\":{\"auth\":\"" + auth + "\"}}}");

    List<Source> sources = sources("registry.example.com/team/serving");

    assertThat(sources.get(0).retriever().retrieve()).contains(Credential.from("ci", "p4ss-w0rd"));
    assertThat(listener.secrets).containsExactly("p4ss-w0rd");
    assertThat(trail.describe())
        .isEqualTo("the registry refused the credentials from Docker config " + config());
  }

  @Test
  void trailNamesEverySourceThatHadNothing() throws Exception {
    for (Source source : sources("us-docker.pkg.dev/p/r/serving")) {
      assertThat(source.retriever().retrieve()).isEmpty();
    }

    assertThat(trail.describe())
        .isEqualTo(
            "no credentials found (tried Google Application Default Credentials: no ADC here;"
                + " Docker config "
                + config()
                + ": file does not exist)");
  }

  private List<Source> sources(String image) throws Exception {
    RegistryCredentials credentials =
        new RegistryCredentials(
            config(),
            Map.of(),
            () -> {
              throw new IOException("no ADC here");
            });
    return credentials.sourcesFor(ImageReference.parse(image), listener, trail);
  }

  private Path config() {
    return temp.resolve("docker/config.json");
  }
}
