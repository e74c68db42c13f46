package dev.tfsdeploy.image.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tfsdeploy.image.registry.RegistryAccess.Login;
import dev.tfsdeploy.testing.LoopbackTls;
import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.Credentials;
import okhttp3.HttpUrl;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Docker token flow as {@link RegistrySession#open} runs it, and the renewal of an expired
 * token ({@link SessionLogin}): MockWebServers on loopback HTTPS play a registry that answers
 * {@code 401} with a Bearer challenge, and the token service its realm names, answering as Docker
 * Hub and Artifact Registry do.
 */
class TokenExchangeTest {
  static final String SERVICE = "registry.test";
  static final String TOKEN = "eyJhbGciOiJSUzI1NiJ9.eyJhY2Nlc3MiOltdfQ.c2lnbmF0dXJl";
  static final String DIGEST = "sha256:" + "ab".repeat(32);
  static final List<String> SCOPES =
      List.of("repository:team/model:pull,push", "repository:base/serving:pull");
  static final Login LOGIN = new Login("deployer", "s3cret-password");

  @TempDir Path temp;
  final LoopbackTls tls = new LoopbackTls("Test registry CA");
  final MockWebServer registry = new MockWebServer();
  final MockWebServer tokenService = new MockWebServer();
  final List<RecordedRequest> registryRequests = new CopyOnWriteArrayList<>();
  final List<RecordedRequest> tokenRequests = new CopyOnWriteArrayList<>();
  final List<String> secrets = new CopyOnWriteArrayList<>();

  /** What the token service answers; Docker Hub's shape unless a test says otherwise. */
  MockResponse tokenResponse = json(200, dockerHubToken(TOKEN));

  /** The token the registry accepts: the one the token service hands out. */
  String validToken = TOKEN;

  /** The registry's WWW-Authenticate challenge. */
  String challenge;

  /** Whether the registry takes the token no longer once an upload has started (it expired). */
  volatile boolean tokenExpiresDuringUpload;

  @BeforeEach
  void start() throws IOException, GeneralSecurityException {
    registry.useHttps(tls.serverSockets());
    registry.setDispatcher(new BearerRegistry());
    registry.start();
    tokenService.useHttps(tls.serverSockets());
    tokenService.setDispatcher(new TokenService());
    tokenService.start();
    challenge = challengeTo(tokenService.url("/token"));
  }

  @AfterEach
  void stop() {
    registry.close();
    tokenService.close();
  }

  @Test
  void anonymousTokenRequestCarriesTheServiceAndEveryScopeAndNoCredentials() throws IOException {
    open(Optional.empty(), false).close();

    RecordedRequest request = onlyTokenRequest();
    assertThat(request.getMethod()).isEqualTo("GET");
    assertThat(request.getUrl().queryParameterValues("service")).containsExactly(SERVICE);
    assertThat(request.getUrl().queryParameterValues("scope")).containsExactlyElementsOf(SCOPES);
    assertThat(request.getHeaders().get("Authorization")).isNull();
  }

  @Test
  void theLoginGoesToTheTokenServiceAsBasicCredentials() throws IOException {
    open(Optional.of(LOGIN), false).close();

    assertThat(onlyTokenRequest().getHeaders().get("Authorization"))
        .isEqualTo(Credentials.basic(LOGIN.username(), LOGIN.password()));
  }

  @Test
  void laterCallsCarryTheBearerToken() throws IOException {
    try (RegistrySession session = open(Optional.of(LOGIN), false)) {
      assertThat(session.hasBlob("team/model", DIGEST)).isTrue();
    }

    RecordedRequest head = registryRequests.get(registryRequests.size() - 1);
    assertThat(head.getMethod()).isEqualTo("HEAD");
    assertThat(head.getUrl().encodedPath()).isEqualTo("/v2/team/model/blobs/" + DIGEST);
    assertThat(head.getHeaders().get("Authorization")).isEqualTo("Bearer " + TOKEN);
  }

  @Test
  void theTokenReachesTheSecretsConsumerBeforeItIsUsed() throws IOException {
    try (RegistrySession session = open(Optional.of(LOGIN), false)) {
      assertThat(secrets).containsExactly(TOKEN);
      assertThat(session.hasBlob("team/model", DIGEST)).isTrue();
    }
  }

  @Test
  void anArtifactRegistryStyleAccessTokenIsUsed() throws IOException {
    String accessToken = "ya29.a0AfB_byC-artifact-registry-token";
    tokenResponse = json(200, "{\"access_token\":\"" + accessToken + "\",\"expires_in\":3599}");
    validToken = accessToken;
    challenge = challengeTo(tokenService.url("/v2/token"));

    try (RegistrySession session = open(Optional.of(LOGIN), false)) {
      assertThat(session.hasBlob("team/model", DIGEST)).isTrue();
    }

    assertThat(onlyTokenRequest().getUrl().encodedPath()).isEqualTo("/v2/token");
    assertThat(registryRequests.get(registryRequests.size() - 1).getHeaders().get("Authorization"))
        .isEqualTo("Bearer " + accessToken);
    assertThat(secrets).containsExactly(accessToken);
  }

  @Test
  void aTokenServiceThatRefusesTheLoginFailsWithItsStatus() {
    tokenResponse = json(401, "{\"details\":\"incorrect username or password\"}");

    assertThatThrownBy(() -> open(Optional.of(LOGIN), false))
        .isInstanceOfSatisfying(
            RegistryResponseException.class, e -> assertThat(e.status()).isEqualTo(401))
        .hasMessage("token request to " + tokenService.getHostName() + " answered HTTP 401");
    assertThat(secrets).isEmpty();
  }

  @Test
  void aTokenResponseWithoutATokenFails() {
    tokenResponse = json(200, "{\"expires_in\":300}");

    assertThatThrownBy(() -> open(Optional.of(LOGIN), false))
        .isInstanceOf(IOException.class)
        .hasMessage("the token service of " + registryAddress() + " returned no token");
  }

  @Test
  void aBearerChallengeWithoutARealmFails() {
    challenge = "Bearer service=\"" + SERVICE + "\"";

    assertThatThrownBy(() -> open(Optional.of(LOGIN), false))
        .isInstanceOf(IOException.class)
        .hasMessage("Bearer challenge without a realm");
    assertThat(tokenRequests).isEmpty();
  }

  @Test
  void theLoginIsNotSentToAPlainHttpTokenService() throws IOException {
    try (MockWebServer plain = plainTokenService()) {
      open(Optional.of(LOGIN), false).close();
    }

    assertThat(onlyTokenRequest().getHeaders().get("Authorization")).isNull();
  }

  @Test
  void theLoginGoesToAPlainHttpTokenServiceWhenCredentialsMayGoOverHttp() throws IOException {
    try (MockWebServer plain = plainTokenService()) {
      open(Optional.of(LOGIN), true).close();
    }

    assertThat(onlyTokenRequest().getHeaders().get("Authorization"))
        .isEqualTo(Credentials.basic(LOGIN.username(), LOGIN.password()));
  }

  @Test
  void anExpiredTokenIsRenewedAtTheTokenServiceAndTheCallRepeated() throws IOException {
    String renewed = TOKEN + ".renewed";
    try (RegistrySession session = open(Optional.of(LOGIN), false)) {
      expire(renewed);

      assertThat(session.hasBlob("team/model", DIGEST)).isTrue();
      assertThat(session.hasBlob("team/model", DIGEST)).isTrue();
    }

    assertThat(tokenRequests).hasSize(2); // the second call already carried the renewed token
    assertThat(tokenRequests.get(1).getHeaders().get("Authorization"))
        .isEqualTo(Credentials.basic(LOGIN.username(), LOGIN.password()));
    assertThat(registryRequests.get(registryRequests.size() - 1).getHeaders().get("Authorization"))
        .isEqualTo("Bearer " + renewed);
    assertThat(secrets).containsExactly(TOKEN, renewed);
  }

  @Test
  void aRenewedTokenTheRegistryAlsoRefusesIsNotRenewedAgain() throws IOException {
    try (RegistrySession session = open(Optional.of(LOGIN), false)) {
      expire(TOKEN + ".renewed");
      validToken = "a token nobody hands out";

      assertThatThrownBy(() -> session.hasBlob("team/model", DIGEST))
          .isInstanceOfSatisfying(
              RegistryResponseException.class, e -> assertThat(e.status()).isEqualTo(401));
    }

    assertThat(tokenRequests).hasSize(2);
  }

  @Test
  void anUploadRefusedForAnExpiredTokenIsNotSentTwice() throws IOException {
    tokenExpiresDuringUpload = true;
    List<Integer> contentWrites = new CopyOnWriteArrayList<>();
    try (RegistrySession session = open(Optional.of(LOGIN), false)) {
      assertThatThrownBy(
              () ->
                  session.upload(
                      "team/model",
                      DIGEST,
                      4,
                      out -> {
                        contentWrites.add(1);
                        out.write(new byte[4]);
                      }))
          .isInstanceOfSatisfying(
              RegistryResponseException.class, e -> assertThat(e.status()).isEqualTo(401));
    }

    assertThat(contentWrites).hasSize(1);
    assertThat(registryRequests)
        .filteredOn(request -> request.getMethod().equals("PUT"))
        .hasSize(1);
  }

  /** The token expires: the registry now takes only the next one the token service hands out. */
  private void expire(String next) {
    validToken = next;
    tokenResponse = json(200, dockerHubToken(next));
  }

  private RegistrySession open(Optional<Login> login, boolean credentialsOverHttp)
      throws IOException {
    return RegistrySession.open(
        new RegistryAccess(registryAddress(), login, false, credentialsOverHttp, secrets::add),
        SCOPES,
        tls.trustingClient());
  }

  private String registryAddress() {
    return registry.getHostName() + ":" + registry.getPort();
  }

  /** A token service on plain HTTP that the registry's challenge names instead. */
  private MockWebServer plainTokenService() throws IOException {
    MockWebServer plain = new MockWebServer();
    plain.setDispatcher(new TokenService());
    plain.start();
    challenge = challengeTo(plain.url("/token"));
    return plain;
  }

  /** As distribution configured for token auth sends it. */
  private static String challengeTo(HttpUrl realm) {
    return "Bearer realm=\"" + realm + "\",service=\"" + SERVICE + "\"";
  }

  private RecordedRequest onlyTokenRequest() {
    assertThat(tokenRequests).hasSize(1);
    return tokenRequests.get(0);
  }

  /**
   * Docker Hub's token response: the token twice (under its OAuth2 name too), its lifetime and
   * issue time.
   */
  private static String dockerHubToken(String token) {
    return "{\"token\":\""
        + token
        + "\",\"access_token\":\""
        + token
        + "\",\"expires_in\":300,"
        + "\"issued_at\":\"2025-01-15T10:20:30.123456789Z\"}";
  }

  private static MockResponse json(int code, String body) {
    return new MockResponse.Builder()
        .code(code)
        .setHeader("Content-Type", "application/json")
        .body(body)
        .build();
  }

  /** A registry that wants a Bearer token from its token service, and holds one blob. */
  private final class BearerRegistry extends Dispatcher {
    @Override
    public MockResponse dispatch(RecordedRequest request) {
      registryRequests.add(request);
      if (!("Bearer " + validToken).equals(request.getHeaders().get("Authorization"))) {
        return new MockResponse.Builder()
            .code(401)
            .setHeader("Docker-Distribution-Api-Version", "registry/2.0")
            .setHeader("WWW-Authenticate", challenge)
            .setHeader("Content-Type", "application/json")
            .body(
                "{\"errors\":[{\"code\":\"UNAUTHORIZED\",\"message\":\"authentication"
                    + " required\",\"detail\":null}]}")
            .build();
      }
      if (request.getMethod().equals("HEAD")
          && request.getUrl().encodedPath().equals("/v2/team/model/blobs/" + DIGEST)) {
        return new MockResponse.Builder()
            .code(200)
            .setHeader("Docker-Content-Digest", DIGEST)
            .build();
      }
      if (request.getMethod().equals("POST")
          && request.getUrl().encodedPath().equals("/v2/team/model/blobs/uploads/")) {
        if (tokenExpiresDuringUpload) {
          validToken = "the token after " + TOKEN;
        }
        return new MockResponse.Builder()
            .code(202)
            .setHeader("Location", "/v2/team/model/blobs/uploads/1")
            .build();
      }
      return new MockResponse.Builder().code(404).build();
    }
  }

  private final class TokenService extends Dispatcher {
    @Override
    public MockResponse dispatch(RecordedRequest request) {
      tokenRequests.add(request);
      return tokenResponse;
    }
  }
}
