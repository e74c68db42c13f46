package dev.tfsdeploy.gcp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class GoogleRegistriesTest {
  @Test
  void recognisesArtifactRegistryAndContainerRegistryHosts() {
    assertThat(
            List.of(
                "europe-west4-docker.pkg.dev",
                "us-docker.pkg.dev",
                "gcr.io",
                "eu.gcr.io",
                "GCR.IO:443"))
        .allMatch(GoogleRegistries::accepts);
  }

  @Test
  void refusesOtherHostsEvenWhenTheyLookAlike() {
    assertThat(List.of("docker.io", "ghcr.io", "registry.example.com", "pkg.dev", "evilgcr.io"))
        .noneMatch(GoogleRegistries::accepts);
  }
}
