package dev.tfsdeploy.image;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.auth.oauth2.ServiceAccountCredentials;
import com.google.cloud.tools.jib.api.Credential;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.util.Base64;
import java.util.Optional;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Real google-auth service-account credentials against a server speaking Google's OAuth2 token API.
 */
class GoogleCredentialsRetrieverTest {
  private final MockWebServer tokenServer = new MockWebServer();
  private final RecordingListener listener = new RecordingListener();
  private final CredentialTrail trail = new CredentialTrail();
  private PrivateKey key;

  @BeforeEach
  void start() throws Exception {
    tokenServer.start();
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    key = generator.generateKeyPair().getPrivate();
  }

  @AfterEach
  void stop() {
    tokenServer.close();
  }

  @Test
  void accessTokenBecomesTheOauth2accesstokenPasswordAndIsMasked() throws Exception {
    tokenServer.enqueue(
        json(
            200,
            "{\"access_token\":\"ya29.test-token\",\"expires_in\":3600,\"token_type\":\"Bearer\"}"));

    Optional<Credential> credential = retriever().retrieve(trail);

    assertThat(credential).contains(Credential.from("oauth2accesstoken", "ya29.test-token"));
    assertThat(listener.secrets).containsExactly("ya29.test-token");
    RecordedRequest request = tokenServer.takeRequest();
    String form = URLDecoder.decode(request.getBody().utf8(), StandardCharsets.UTF_8);
    assertThat(form).contains("grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer");
    JsonNode claims = jwtClaims(form.substring(form.indexOf("assertion=") + "assertion=".length()));
    assertThat(claims.path("scope").asText()).isEqualTo(GoogleCredentialsRetriever.SCOPE);
    assertThat(claims.path("iss").asText()).isEqualTo("builder@project.iam.gserviceaccount.com");
  }

  @Test
  void credentialsLoadedOnceShareOneTokenAcrossRetrievals() throws Exception {
    tokenServer.enqueue(
        json(
            200,
            "{\"access_token\":\"ya29.shared\",\"expires_in\":3600,\"token_type\":\"Bearer\"}"));
    GoogleCredentialsRetriever.Source once =
        GoogleCredentialsRetriever.loadedOnce(this::serviceAccount);

    Optional<Credential> first =
        new GoogleCredentialsRetriever(once, listener).retrieve(new CredentialTrail());
    Optional<Credential> second =
        new GoogleCredentialsRetriever(once, listener).retrieve(new CredentialTrail());

    assertThat(first).contains(Credential.from("oauth2accesstoken", "ya29.shared"));
    assertThat(second).isEqualTo(first);
    assertThat(tokenServer.getRequestCount()).isEqualTo(1);
  }

  @Test
  void refusedTokenRequestLeavesTheReasonOnTheTrail() {
    tokenServer.enqueue(
        json(
            400, "{\"error\":\"invalid_grant\",\"error_description\":\"Invalid JWT Signature.\"}"));

    Optional<Credential> credential = retriever().retrieve(trail);

    assertThat(credential).isEmpty();
    assertThat(listener.secrets).isEmpty();
    assertThat(trail.describe())
        .startsWith("no credentials found (tried Google Application Default Credentials: ")
        .contains("invalid_grant");
  }

  @Test
  void missingApplicationDefaultCredentialsLeaveTheReasonOnTheTrail() {
    GoogleCredentialsRetriever retriever =
        new GoogleCredentialsRetriever(
            () -> {
              throw new IOException(
                  "Your default credentials were not found.\nTo set up ADC, see the docs.");
            },
            listener);

    assertThat(retriever.retrieve(trail)).isEmpty();
    assertThat(trail.describe())
        .isEqualTo(
            "no credentials found (tried Google Application Default Credentials:"
                + " Your default credentials were not found. To set up ADC, see the docs.)");
  }

  private GoogleCredentialsRetriever retriever() {
    return new GoogleCredentialsRetriever(this::serviceAccount, listener);
  }

  private ServiceAccountCredentials serviceAccount() {
    return ServiceAccountCredentials.newBuilder()
        .setClientId("1234")
        .setClientEmail("builder@project.iam.gserviceaccount.com")
        .setPrivateKey(key)
        .setPrivateKeyId("key-1")
        .setTokenServerUri(URI.create(tokenServer.url("/token").toString()))
        .build();
  }

  private static MockResponse json(int code, String body) {
    return new MockResponse.Builder()
        .code(code)
        .addHeader("Content-Type", "application/json")
        .body(body)
        .build();
  }

  private static JsonNode jwtClaims(String jwt) throws IOException {
    String payload = jwt.split("\\.")[1];
    return new ObjectMapper().readTree(Base64.getUrlDecoder().decode(payload));
  }
}
