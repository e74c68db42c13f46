package dev.tfsdeploy.gcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tfsdeploy.UserError;
import dev.tfsdeploy.gcp.testing.GoogleTokenServer;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLSocketFactory;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code external_account} file google-github-actions/auth writes, run through the real
 * google-auth-library flow: GitHub's OIDC token, STS token exchange, then (optionally) service
 * account impersonation — all on loopback HTTPS, since the library refuses non-https token URLs.
 */
class WorkloadIdentityFederationTest {
  static final String PROVIDER =
      "//iam.googleapis.com/projects/123456789/locations/global/workloadIdentityPools/github/providers/ml-models";
  static final String DEPLOYER = "deployer@ml-prod.iam.gserviceaccount.com";

  /** A GitHub OIDC token's shape: the tests check that none of it reaches a message. */
  static final String GITHUB_JWT =
      "eyJhbGciOiJSUzI1NiJ9.eyJyZXBvc2l0b3J5Ijoib3JnL21sLW1vZGVscyJ9.c2lnbmF0dXJl";

  @TempDir Path dir;
  GoogleTokenServer google;
  List<String> masked = new CopyOnWriteArrayList<>();
  SSLSocketFactory platformDefault;
  List<GithubOidcServer> githubServers = new CopyOnWriteArrayList<>();

  @BeforeEach
  void startGoogle() throws IOException {
    google = new GoogleTokenServer(true);
    // google-auth's HTTP transport trusts the JVM's default CAs; this test's CA joins them.
    platformDefault = HttpsURLConnection.getDefaultSSLSocketFactory();
    HttpsURLConnection.setDefaultSSLSocketFactory(google.clientTrust().sslSocketFactory());
  }

  @AfterEach
  void stopGoogle() {
    HttpsURLConnection.setDefaultSSLSocketFactory(platformDefault);
    githubServers.forEach(GithubOidcServer::close);
    google.close();
  }

  @Test
  void exchangesTheGithubOidcTokenAtStsAndImpersonatesTheServiceAccount() throws IOException {
    String githubJwt = "eyJhbGciOiJSUzI1NiJ9.eyJyZXBvc2l0b3J5Ijoib3JnL21sLW1vZGVscyJ9.c2lnbmF0dXJl";
    google.federate(PROVIDER, githubJwt);
    try (GithubOidcServer github = new GithubOidcServer(githubJwt, "runtime-token-123")) {
      Path file = write(federationConfig(github, "runtime-token-123", Optional.of(DEPLOYER)));

      GoogleAccess access =
          GoogleAccess.load(
              Optional.empty(),
              name ->
                  Optional.ofNullable(
                      Map.of("GOOGLE_APPLICATION_CREDENTIALS", file.toString()).get(name)),
              masked::add);
      String token = access.accessToken().getTokenValue();

      assertThat(github.authorizations()).isNotEmpty().containsOnly("Bearer runtime-token-123");
      assertThat(google.requests())
          .containsExactly(
              "POST /v1/token",
              "POST /v1/projects/-/serviceAccounts/" + DEPLOYER + ":generateAccessToken");
      assertThat(google.issued(token)).isTrue();
      assertThat(masked).contains(token);
      assertThat(access.principal()).isEqualTo(DEPLOYER);
    }
  }

  @Test
  void directFederationUsesTheStsTokenItself() throws IOException {
    String githubJwt = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJyZXBvOm9yZy9tbC1tb2RlbHMifQ.c2lnbmF0dXJl";
    google.federate(PROVIDER, githubJwt);
    try (GithubOidcServer github = new GithubOidcServer(githubJwt, "runtime-token-456")) {
      Path file = write(federationConfig(github, "runtime-token-456", Optional.empty()));

      GoogleAccess access =
          GoogleAccess.load(Optional.of(file), name -> Optional.empty(), masked::add);
      String token = access.accessToken().getTokenValue();

      assertThat(google.requests()).containsExactly("POST /v1/token");
      assertThat(google.issued(token)).isTrue();
      assertThat(masked).contains(token);
      assertThat(access.principal()).contains(PROVIDER);
    }
  }

  @Test
  void aSubjectTokenStsRejectsIsReportedWithStsReason() throws IOException {
    google.federate(PROVIDER, "the-token-sts-expects");
    try (GithubOidcServer github = new GithubOidcServer("another-token", "runtime-token-789")) {
      Path file = write(federationConfig(github, "runtime-token-789", Optional.of(DEPLOYER)));
      GoogleAccess access =
          GoogleAccess.load(Optional.of(file), name -> Optional.empty(), masked::add);

      assertThatThrownBy(access::accessToken)
          .isInstanceOf(UserError.class)
          .hasMessageContaining("Google refused the credentials in " + file)
          .hasMessageContaining("audience");
      assertThat(google.requests()).containsExactly("POST /v1/token");
    }
  }

  @Test
  void anStsThatEchoesTheRequestShowsNoPartOfTheSubjectToken() throws IOException {
    Path file = federationFile(GITHUB_JWT);
    google.federate(PROVIDER, GITHUB_JWT).failTokenRequests(400, true);

    assertThatThrownBy(() -> load(file).accessToken())
        .isInstanceOf(UserError.class)
        .hasMessageContaining("Google refused the credentials in " + file)
        .hasMessageContaining("subject_token=***")
        .message()
        .doesNotContain("eyJ");
  }

  @Test
  void anStsFailingItselfIsReportedAsTheEndpointFailingNotAsARefusal() throws IOException {
    Path file = federationFile(GITHUB_JWT);
    google.federate(PROVIDER, GITHUB_JWT).failTokenRequests(503, false);

    assertThatThrownBy(() -> load(file).accessToken())
        .isInstanceOf(UserError.class)
        .hasMessageStartingWith(
            "the Google token endpoint for "
                + file
                + " (from --credentials) failed to issue a token (server_error)")
        .hasMessageNotContaining("refused");
  }

  @Test
  void anStsFrontEndFailingWithAGoogleApiErrorIsReportedAsTheEndpointFailing() throws IOException {
    // google-auth-library reads only OAuth errors from STS; this one makes it throw a
    // ClassCastException.
    Path file = federationFile(GITHUB_JWT);
    google.federate(PROVIDER, GITHUB_JWT).failTokenRequestsAtTheFrontEnd(503);

    assertThatThrownBy(() -> load(file).accessToken())
        .isInstanceOf(UserError.class)
        .hasMessageStartingWith(
            "the Google token endpoint for "
                + file
                + " (from --credentials) failed to issue a token (")
        .hasMessageNotContaining("refused")
        .hasMessageNotContaining("cannot be cast");
  }

  /**
   * A federation file impersonating DEPLOYER whose GitHub OIDC endpoint (closed after the test)
   * hands out {@code idToken}.
   */
  Path federationFile(String idToken) throws IOException {
    GithubOidcServer github = new GithubOidcServer(idToken, "runtime-token-321");
    githubServers.add(github);
    return write(federationConfig(github, "runtime-token-321", Optional.of(DEPLOYER)));
  }

  GoogleAccess load(Path file) {
    return GoogleAccess.load(Optional.of(file), name -> Optional.empty(), masked::add);
  }

  Path write(ObjectNode config) throws IOException {
    return Files.writeString(dir.resolve("gha-creds-1a2b3c.json"), config.toPrettyString());
  }

  /** What google-github-actions/auth writes, its URLs pointed at the loopback servers. */
  ObjectNode federationConfig(
      GithubOidcServer github, String runtimeToken, Optional<String> impersonate) {
    ObjectNode config = new ObjectMapper().createObjectNode();
    config.put("type", "external_account");
    config.put("audience", PROVIDER);
    config.put("subject_token_type", "urn:ietf:params:oauth:token-type:jwt");
    config.put("token_url", google.stsUri());
    impersonate.ifPresent(
        email -> config.put("service_account_impersonation_url", google.impersonationUri(email)));
    ObjectNode source = config.putObject("credential_source");
    source.put(
        "url",
        github.url(
            "https://iam.googleapis.com" + PROVIDER.substring(1 + PROVIDER.indexOf("/", 2))));
    source.putObject("headers").put("Authorization", "Bearer " + runtimeToken);
    ObjectNode format = source.putObject("format");
    format.put("type", "json");
    format.put("subject_token_field_name", "value");
    return config;
  }

  /** GitHub's OIDC token endpoint (ACTIONS_ID_TOKEN_REQUEST_URL) on loopback. */
  static final class GithubOidcServer implements AutoCloseable {
    private final MockWebServer server = new MockWebServer();
    private final List<String> authorizations = new CopyOnWriteArrayList<>();

    GithubOidcServer(String idToken, String runtimeToken) throws IOException {
      server.setDispatcher(
          new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
              String authorization = request.getHeaders().get("Authorization");
              authorizations.add(authorization);
              if (!("Bearer " + runtimeToken).equals(authorization)) {
                return new MockResponse.Builder()
                    .code(401)
                    .body("{\"message\":\"Bad credentials\"}")
                    .build();
              }
              return new MockResponse.Builder()
                  .code(200)
                  .addHeader("Content-Type", "application/json")
                  .body("{\"count\":1,\"value\":\"" + idToken + "\"}")
                  .build();
            }
          });
      server.start(InetAddress.getLoopbackAddress(), 0);
    }

    String url(String audience) {
      return "http://127.0.0.1:"
          + server.getPort()
          + "/00000000-0000-0000-0000-000000000000/_apis/distributedtask/hubs/Actions/plans/1/jobs/2/idtoken?api-version=2.0&audience="
          + audience;
    }

    List<String> authorizations() {
      return List.copyOf(authorizations);
    }

    @Override
    public void close() {
      server.close();
    }
  }
}
