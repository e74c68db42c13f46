package dev.tfsdeploy.gcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tfsdeploy.gcp.testing.GoogleTokenServer;
import dev.tfsdeploy.gcp.testing.TestServiceAccount;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GoogleRegistryCredentialsTest {
  @TempDir Path dir;

  @Test
  void recognisesArtifactRegistryAndContainerRegistryHosts() {
    assertThat(List.of("europe-west4-docker.pkg.dev", "us-docker.pkg.dev", "gcr.io", "eu.gcr.io", "GCR.IO:443"))
        .allMatch(GoogleRegistryCredentials::isGoogleRegistry);
    assertThat(List.of("docker.io", "ghcr.io", "registry.example.com", "pkg.dev", "evilgcr.io"))
        .noneMatch(GoogleRegistryCredentials::isGoogleRegistry);
  }

  @Test
  void givesGoogleRegistriesAnAccessTokenAsPasswordAndOthersNothing() throws IOException {
    TestServiceAccount pusher = TestServiceAccount.create("pusher", "ml-prod");
    List<String> masked = new CopyOnWriteArrayList<>();
    try (GoogleTokenServer google = new GoogleTokenServer().register(pusher)) {
      GoogleAccess access = GoogleAccess.load(Optional.of(pusher.writeKeyFile(dir, google.tokenUri())), name -> Optional.empty(), masked::add);
      GoogleRegistryCredentials registries = new GoogleRegistryCredentials(access);

      GoogleRegistryCredentials.Credential credential = registries.forRegistry("europe-west4-docker.pkg.dev").orElseThrow();

      assertThat(credential.username()).isEqualTo("oauth2accesstoken");
      assertThat(google.issued(credential.password())).isTrue();
      assertThat(masked).contains(credential.password());
      assertThat(credential.toString()).doesNotContain(credential.password());
      assertThat(registries.forRegistry("docker.io")).isEmpty();
    }
  }
}
