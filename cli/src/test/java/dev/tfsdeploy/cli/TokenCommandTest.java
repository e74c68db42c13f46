package dev.tfsdeploy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tfsdeploy.gcp.testing.GoogleTokenServer;
import dev.tfsdeploy.gcp.testing.TestServiceAccount;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenCommandTest {
  @TempDir Path dir;
  GoogleTokenServer google;
  TestServiceAccount deployer = TestServiceAccount.create("deployer", "ml-prod");
  Path key;

  @BeforeEach
  void startGoogle() throws IOException {
    google = new GoogleTokenServer().register(deployer);
    key = deployer.writeKeyFile(dir, google.tokenUri());
  }

  @AfterEach
  void stopGoogle() {
    google.close();
  }

  @Test
  void printsAnExecCredentialWithTheIssuedTokenExpiringFiveMinutesEarly() throws IOException {
    ClusterCommandRunner.Run run =
        new ClusterCommandRunner().run("token", "--credentials", key.toString());

    assertThat(run.exitCode()).as(run.stderr()).isZero();
    JsonNode credential = new ObjectMapper().readTree(run.stdout());
    assertThat(credential.path("apiVersion").asText()).isEqualTo("client.authentication.k8s.io/v1");
    assertThat(credential.path("kind").asText()).isEqualTo("ExecCredential");
    assertThat(google.issued(credential.path("status").path("token").asText())).isTrue();
    Instant expiry = Instant.parse(credential.path("status").path("expirationTimestamp").asText());
    // The token server grants 3599 s; the client is told to come back 5 minutes before that.
    assertThat(expiry)
        .isBetween(
            Instant.now().plus(Duration.ofMinutes(54)), Instant.now().plus(Duration.ofMinutes(55)));
    assertThat(credential.path("status").path("expirationTimestamp").asText())
        .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
  }

  @Test
  void aSecondRunAnswersFromTheCacheWithoutAskingGoogle() throws IOException {
    Path cache = dir.resolve("tokens");
    ClusterCommandRunner.Run first =
        new ClusterCommandRunner()
            .env("TFS_DEPLOY_TOKEN_CACHE", cache.toString())
            .run("token", "--credentials", key.toString());
    google.close();

    ClusterCommandRunner.Run second =
        new ClusterCommandRunner()
            .env("TFS_DEPLOY_TOKEN_CACHE", cache.toString())
            .run("token", "--credentials", key.toString());

    assertThat(second.exitCode()).as(second.stderr()).isZero();
    assertThat(second.stdout()).isEqualTo(first.stdout());
  }

  @Test
  void withoutACacheDirectoryEveryRunAsksGoogle() {
    ClusterCommandRunner.Run run =
        new ClusterCommandRunner().run("token", "--credentials", key.toString());
    google.close();

    assertThat(new ClusterCommandRunner().run("token", "--credentials", key.toString()).exitCode())
        .isEqualTo(1);
    assertThat(run.exitCode()).isZero();
  }

  @Test
  void readsTheCredentialsFromGoogleApplicationCredentials() throws IOException {
    ClusterCommandRunner.Run run =
        new ClusterCommandRunner()
            .env("GOOGLE_APPLICATION_CREDENTIALS", key.toString())
            .run("token");

    assertThat(run.exitCode()).as(run.stderr()).isZero();
    assertThat(
            google.issued(
                new ObjectMapper().readTree(run.stdout()).path("status").path("token").asText()))
        .isTrue();
  }

  @Test
  void answersInTheApiVersionTheClientAskedFor() throws IOException {
    ClusterCommandRunner.Run run =
        new ClusterCommandRunner()
            .env(
                "KUBERNETES_EXEC_INFO",
                "{\"kind\":\"ExecCredential\",\"apiVersion\":\"client.authentication.k8s.io/v1beta1\",\"spec\":{\"interactive\":false}}")
            .run("token", "--credentials", key.toString());

    assertThat(new ObjectMapper().readTree(run.stdout()).path("apiVersion").asText())
        .isEqualTo("client.authentication.k8s.io/v1beta1");
  }

  @Test
  void writesTheTokenOnlyToStdoutAndUnderActionsMasksItFirst() {
    ClusterCommandRunner.Run run =
        new ClusterCommandRunner()
            .env("GITHUB_ACTIONS", "true")
            .run("token", "--credentials", key.toString());

    String token = google.issuedTokens().iterator().next();
    assertThat(run.stdout()).contains("\"token\":\"" + token + "\"");
    assertThat(run.stderr().lines()).containsExactly("::add-mask::" + token);
  }

  @Test
  void aMissingCredentialsFileIsAUserErrorAndPrintsNoCredential() {
    ClusterCommandRunner.Run run =
        new ClusterCommandRunner()
            .run("token", "--credentials", dir.resolve("gone.json").toString());

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.stdout()).isEmpty();
    assertThat(run.stderr()).contains("gone.json").contains("does not exist");
  }

  @Test
  void aRevokedKeyIsAUserErrorAndPrintsNoCredential() throws IOException {
    Path revoked =
        TestServiceAccount.create("revoked", "ml-prod").writeKeyFile(dir, google.tokenUri());

    ClusterCommandRunner.Run run =
        new ClusterCommandRunner().run("token", "--credentials", revoked.toString());

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.stdout()).isEmpty();
    assertThat(run.stderr())
        .contains("Google refused the credentials")
        .contains("account not found");
  }

  @Test
  void anEchoedSignedAssertionReachesNoOutputEvenWithDebug() {
    google.failTokenRequests(400, true);

    ClusterCommandRunner.Run run =
        new ClusterCommandRunner().run("--debug", "token", "--credentials", key.toString());

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.stderr()).contains("assertion=***").doesNotContain("eyJ");
    assertThat(run.stdout()).isEmpty();
  }
}
