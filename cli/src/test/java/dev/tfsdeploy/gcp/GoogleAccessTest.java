package dev.tfsdeploy.gcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tfsdeploy.UserError;
import dev.tfsdeploy.gcp.testing.GoogleTokenServer;
import dev.tfsdeploy.gcp.testing.TestServiceAccount;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GoogleAccessTest {
  static final String PROVIDER =
      "//iam.googleapis.com/projects/123456789/locations/global/workloadIdentityPools/github/providers/ml-models";
  static final String DEPLOYER = "deployer@ml-prod.iam.gserviceaccount.com";

  @TempDir Path dir;
  GoogleTokenServer google;
  TestServiceAccount account = TestServiceAccount.create("deployer", "ml-prod");
  List<String> masked = new CopyOnWriteArrayList<>();

  @BeforeEach
  void startGoogle() throws IOException {
    google = new GoogleTokenServer().register(account);
  }

  @AfterEach
  void stopGoogle() {
    google.close();
  }

  static Function<String, Optional<String>> env(Map<String, String> variables) {
    return name -> Optional.ofNullable(variables.get(name));
  }

  @Test
  void exchangesTheKeysSignedJwtForAnAccessTokenAndMasksItAtOnce() throws IOException {
    Path key = account.writeKeyFile(dir, google.tokenUri());

    GoogleAccess access = GoogleAccess.load(Optional.of(key), env(Map.of()), masked::add);
    String token = access.accessToken().getTokenValue();

    assertThat(google.issued(token)).isTrue();
    assertThat(masked).containsExactly(token);
    assertThat(access.principal()).isEqualTo(DEPLOYER);
  }

  @Test
  void reusesTheTokenUntilItIsAboutToExpire() throws IOException {
    GoogleAccess access =
        GoogleAccess.load(
            Optional.of(account.writeKeyFile(dir, google.tokenUri())), env(Map.of()), masked::add);

    String first = access.accessToken().getTokenValue();

    assertThat(access.accessToken().getTokenValue()).isEqualTo(first);
    assertThat(google.requests()).containsExactly("POST /token");
  }

  @Test
  void theCredentialsOptionWinsOverGoogleApplicationCredentials() throws IOException {
    Path explicit =
        account.writeKeyFile(Files.createDirectory(dir.resolve("explicit")), google.tokenUri());

    Optional<CredentialsFile> file =
        CredentialsFile.locate(
            Optional.of(explicit),
            env(Map.of("GOOGLE_APPLICATION_CREDENTIALS", "/elsewhere.json")));

    assertThat(file).contains(new CredentialsFile(explicit, "--credentials"));
  }

  @Test
  void aCredentialsFileWinsOverTheMetadataServer() throws IOException {
    Path key = account.writeKeyFile(dir, google.tokenUri());

    GoogleAccess access =
        GoogleAccess.load(
            Optional.empty(),
            env(
                Map.of(
                    "GOOGLE_APPLICATION_CREDENTIALS",
                    key.toString(),
                    "GCE_METADATA_HOST",
                    "127.0.0.1:8088")),
            masked::add);

    assertThat(access.source())
        .isEqualTo(new CredentialsFile(key, "GOOGLE_APPLICATION_CREDENTIALS"));
    assertThat(google.issued(access.accessToken().getTokenValue())).isTrue();
  }

  @Test
  void fallsBackToGcloudsApplicationDefaultCredentialsFile() throws IOException {
    Path config = Files.createDirectory(dir.resolve("gcloud"));
    Path adc = Files.writeString(config.resolve("application_default_credentials.json"), "{}");

    assertThat(
            CredentialsFile.locate(
                Optional.empty(), env(Map.of("CLOUDSDK_CONFIG", config.toString()))))
        .contains(new CredentialsFile(adc, "gcloud application-default credentials"));
    assertThat(CredentialsFile.locate(Optional.empty(), env(Map.of("HOME", dir.toString()))))
        .isEmpty();
  }

  @Test
  void refusesAFileOfAnUnsupportedTypeNamingTheSupportedOnes() throws IOException {
    Path file =
        Files.writeString(dir.resolve("creds.json"), "{\"type\": \"gdch_service_account\"}");

    assertThatThrownBy(() -> GoogleAccess.load(Optional.of(file), env(Map.of()), masked::add))
        .isInstanceOf(UserError.class)
        .hasMessageContaining("malformed Google credentials file " + file)
        .hasMessageContaining("unsupported type \"gdch_service_account\"")
        .extracting(e -> ((UserError) e).fix())
        .asString()
        .contains("service_account, external_account");
  }

  @Test
  void refusesAFederationFileWithoutCredentialSource() throws IOException {
    ObjectNode config = new ObjectMapper().createObjectNode();
    config.put("type", "external_account");
    config.put("audience", PROVIDER);
    config.put("subject_token_type", "urn:ietf:params:oauth:token-type:jwt");
    config.put("token_url", "https://sts.googleapis.com/v1/token");
    Path file = Files.writeString(dir.resolve("wif.json"), config.toPrettyString());

    assertThatThrownBy(() -> GoogleAccess.load(Optional.of(file), env(Map.of()), masked::add))
        .isInstanceOf(UserError.class)
        .hasMessageContaining("malformed Google credentials file " + file)
        .hasMessageContaining("external_account");
  }

  @Test
  void anUnreachableTokenEndpointIsReportedAsSuch() throws IOException {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }
    Path key = account.writeKeyFile(dir, "http://127.0.0.1:" + closedPort + "/token");

    assertThatThrownBy(() -> loadKey(key).accessToken())
        .isInstanceOf(UserError.class)
        .hasMessageStartingWith("cannot reach the Google token endpoint for " + key);
  }

  @Test
  void aTokenEndpointWhoseNameDoesNotResolveIsReportedAtOnceNotRetried() throws IOException {
    // RFC 6761: names under .invalid never resolve. google-auth-library would retry for 8 s.
    Path key = account.writeKeyFile(dir, "https://oauth2.nonexistent.invalid/token");
    long started = System.nanoTime();

    assertThatThrownBy(() -> loadKey(key).accessToken())
        .isInstanceOf(UserError.class)
        .hasMessageStartingWith("cannot reach the Google token endpoint for " + key)
        .hasMessageContaining("oauth2.nonexistent.invalid");
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(3));
  }

  @Test
  void aTokenEndpointThatEchoesTheRequestShowsNoPartOfTheSignedAssertion() throws IOException {
    Path key = account.writeKeyFile(dir, google.failTokenRequests(400, true).tokenUri());

    assertThatThrownBy(() -> loadKey(key).accessToken())
        .isInstanceOf(UserError.class)
        .hasMessageContaining("Google refused the credentials in " + key)
        .hasMessageContaining("assertion=***")
        .message()
        .doesNotContain("eyJ");
  }

  @Test
  void aTokenEndpointFailingItselfIsReportedWithItsStatusNotAsARefusal() throws IOException {
    // 502: google-auth-library retries 500, 503 and 429 itself (about 7 s), 502 it does not.
    Path key = account.writeKeyFile(dir, google.failTokenRequests(502, false).tokenUri());

    assertThatThrownBy(() -> loadKey(key).accessToken())
        .isInstanceOf(UserError.class)
        .hasMessageStartingWith(
            "the Google token endpoint for "
                + key
                + " (from --credentials) failed to issue a token (HTTP 502)")
        .hasMessageNotContaining("refused")
        .extracting(e -> ((UserError) e).fix())
        .asString()
        .contains("did not refuse the credentials")
        .contains("run the step again");
  }

  /** The key file's credentials, as --credentials gives them. */
  private GoogleAccess loadKey(Path key) {
    return GoogleAccess.load(Optional.of(key), env(Map.of()), masked::add);
  }
}
