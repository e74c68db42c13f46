package dev.tfsdeploy.cluster.kubeconfig;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ExecPluginTest {
  static final List<String> LAUNCHER =
      List.of("/opt/java/bin/java", "-jar", "/opt/tfs-deploy/tfs-deploy.jar");

  @Test
  void theUserEntryRunsTheTokenCommandWithThePinnedCredentials() {
    Map<String, Object> user =
        new ExecPlugin(LAUNCHER, Optional.of(Path.of("/run/gha-creds.json"))).userEntry();

    @SuppressWarnings("unchecked")
    Map<String, Object> exec = (Map<String, Object>) user.get("exec");
    assertThat(exec).containsEntry("command", "/opt/java/bin/java");
    assertThat(exec)
        .containsEntry(
            "args",
            List.of(
                "-jar",
                "/opt/tfs-deploy/tfs-deploy.jar",
                "token",
                "--credentials",
                "/run/gha-creds.json"));
  }

  @Test
  void recognisesItsOwnUserEntryAndNoOther() {
    ExecPlugin plugin = new ExecPlugin(LAUNCHER, Optional.of(Path.of("/run/gha-creds.json")));

    assertThat(ExecPlugin.fromUserEntry(plugin.userEntry())).contains(plugin);
    assertThat(ExecPlugin.fromUserEntry(new ExecPlugin(LAUNCHER, Optional.empty()).userEntry()))
        .contains(new ExecPlugin(LAUNCHER, Optional.empty()));
    assertThat(
            ExecPlugin.fromUserEntry(Map.of("exec", Map.of("command", "gke-gcloud-auth-plugin"))))
        .isEmpty();
    assertThat(ExecPlugin.fromUserEntry(Map.of("token", "abc"))).isEmpty();
  }

  @Test
  void theCredentialJsonHasWhatClientGoReads() {
    String json =
        new ExecCredential(
                "client.authentication.k8s.io/v1",
                "ya29.token",
                Optional.of(Instant.parse("2026-11-26T15:04:05.678Z")))
            .toJson();

    assertThat(json)
        .isEqualTo(
            "{\"apiVersion\":\"client.authentication.k8s.io/v1\",\"kind\":\"ExecCredential\","
                + "\"status\":{\"token\":\"ya29.token\",\"expirationTimestamp\":\"2026-11-26T15:04:05Z\"}}");
    assertThat(new ExecCredential("v", "ya29.token", Optional.empty()).toString())
        .doesNotContain("ya29.token");
  }

  @Test
  void answersInTheVersionAskedForAndV1Otherwise() {
    assertThat(
            ExecCredential.requestedApiVersion(
                Optional.of("{\"apiVersion\":\"client.authentication.k8s.io/v1beta1\"}")))
        .isEqualTo("client.authentication.k8s.io/v1beta1");
    assertThat(ExecCredential.requestedApiVersion(Optional.of("not json")))
        .isEqualTo("client.authentication.k8s.io/v1");
    assertThat(ExecCredential.requestedApiVersion(Optional.empty()))
        .isEqualTo("client.authentication.k8s.io/v1");
  }
}
