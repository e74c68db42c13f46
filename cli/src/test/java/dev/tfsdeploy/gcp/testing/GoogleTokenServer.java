package dev.tfsdeploy.gcp.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tfsdeploy.testing.LoopbackTls;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.tls.HandshakeCertificates;

/**
 * Google's token endpoints on loopback, speaking their real protocols:
 *
 * <ul>
 *   <li>{@code POST /token}: OAuth 2.0 JWT bearer grant (oauth2.googleapis.com/token). The
 *       assertion's RS256 signature is verified with the public key registered for its issuer, and
 *       its audience, scope and lifetime are checked, as Google does.
 *   <li>{@code POST /v1/token}: the STS token exchange (sts.googleapis.com) of workload identity
 *       federation, accepting one registered subject token for one audience.
 *   <li>{@code POST /v1/projects/-/serviceAccounts/EMAIL:generateAccessToken}: IAM credentials'
 *       impersonation, accepting tokens this server issued.
 *   <li>When asked to ({@link #serveMetadata}), {@code GET /computeMetadata/v1/...}: a Compute
 *       Engine metadata server's token, account e-mail and universe domain, each only with the
 *       {@code Metadata-Flavor: Google} header the real one requires.
 * </ul>
 *
 * Every token it issues is random and remembered, so a test can check that a token seen elsewhere
 * was really issued here.
 */
public final class GoogleTokenServer implements AutoCloseable {
  static final String JWT_BEARER = "urn:ietf:params:oauth:grant-type:jwt-bearer";
  static final String TOKEN_EXCHANGE = "urn:ietf:params:oauth:grant-type:token-exchange";
  static final String CLOUD_PLATFORM = "https://www.googleapis.com/auth/cloud-platform";

  /** Google requires this audience in every assertion, whatever URL the key file names. */
  static final String ASSERTION_AUDIENCE = "https://oauth2.googleapis.com/token";

  static final String METADATA = "/computeMetadata/v1/";

  private final MockWebServer server = new MockWebServer();
  private final ObjectMapper json = new ObjectMapper();
  private final SecureRandom random = new SecureRandom();
  private final Map<String, PublicKey> accounts = new ConcurrentHashMap<>();
  private final Set<String> issued = ConcurrentHashMap.newKeySet();
  private final List<String> requests = new CopyOnWriteArrayList<>();
  private volatile String federationAudience;
  private volatile String federationSubjectToken;
  private volatile boolean servesMetadata;
  private volatile String metadataAccount;
  private volatile String metadataProject;
  private volatile TokenFault tokenFault;

  private final HandshakeCertificates clientTrust;

  /** A plain-HTTP server, as a service-account key's token_uri may name. */
  public GoogleTokenServer() throws IOException {
    this(false);
  }

  /**
   * @param https serve TLS with a certificate for 127.0.0.1 issued by a test CA (external-account
   *     files must name https URLs); {@link #clientTrust()} trusts it
   */
  public GoogleTokenServer(boolean https) throws IOException {
    if (https) {
      LoopbackTls tls = new LoopbackTls("Test Google CA");
      server.useHttps(tls.serverSockets());
      clientTrust = tls.clientTrust(true);
    } else {
      clientTrust = null;
    }
    server.setDispatcher(
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) {
            return handle(request);
          }
        });
    server.start(InetAddress.getLoopbackAddress(), 0);
  }

  /** Lets the service account's key sign assertions here. */
  public GoogleTokenServer register(TestServiceAccount account) {
    accounts.put(account.email(), account.publicKey());
    return this;
  }

  /** Accepts {@code subjectToken} in an STS exchange for the given workload identity provider. */
  public GoogleTokenServer federate(String audience, String subjectToken) {
    this.federationAudience = audience;
    this.federationSubjectToken = subjectToken;
    return this;
  }

  /**
   * Also answers as the metadata server of a Compute Engine VM in {@code project} running as
   * service account {@code email}; null for a VM without one (token and e-mail requests then get
   * 404, as there).
   */
  public GoogleTokenServer serveMetadata(String project, String email) {
    this.metadataProject = project;
    this.metadataAccount = email;
    this.servesMetadata = true;
    return this;
  }

  /** This server as GCE_METADATA_HOST names a metadata server: host and port, no scheme. */
  public String metadataHost() {
    return "127.0.0.1:" + server.getPort();
  }

  /** The JWT bearer endpoint, for a key file's {@code token_uri}. */
  public String tokenUri() {
    return url("/token");
  }

  public String stsUri() {
    return url("/v1/token");
  }

  public String impersonationUri(String email) {
    return url("/v1/projects/-/serviceAccounts/" + email + ":generateAccessToken");
  }

  /** A URL on this server, by loopback IP as a key file's token_uri would have it. */
  public String url(String path) {
    return (clientTrust != null ? "https" : "http") + "://127.0.0.1:" + server.getPort() + path;
  }

  /** Trust for the https variant: its test CA plus the platform's CAs. */
  public HandshakeCertificates clientTrust() {
    if (clientTrust == null) {
      throw new IllegalStateException("plain-HTTP server");
    }
    return clientTrust;
  }

  /**
   * Makes every later token request ({@code /token}, {@code /v1/token}, impersonation, the metadata
   * server's token) fail with HTTP {@code code}; with {@code echo} the error body repeats the
   * request's form, as some proxies and misconfigured endpoints do.
   */
  public GoogleTokenServer failTokenRequests(int code, boolean echo) {
    this.tokenFault = new TokenFault(code, echo, false);
    return this;
  }

  /**
   * Makes every later token request fail as Google's front ends answer a request they could not
   * pass on: HTTP {@code code} with a Google API error object, not an OAuth error.
   */
  public GoogleTokenServer failTokenRequestsAtTheFrontEnd(int code) {
    this.tokenFault = new TokenFault(code, false, true);
    return this;
  }

  public boolean issued(String token) {
    return issued.contains(token);
  }

  public Set<String> issuedTokens() {
    return Set.copyOf(issued);
  }

  /** The paths requested so far, in order. */
  public List<String> requests() {
    return List.copyOf(requests);
  }

  private MockResponse handle(RecordedRequest request) {
    String path = request.getUrl().encodedPath();
    requests.add(request.getMethod() + " " + path);
    if (servesMetadata && path.startsWith(METADATA)) {
      return metadata(request, path.substring(METADATA.length()));
    }
    if (!"POST".equals(request.getMethod())) {
      return error(405, "invalid_request", "POST only");
    }
    TokenFault fault = tokenFault;
    if (fault != null && fault.frontEnd()) {
      return GoogleJsonResponses.apiError(
          fault.code(), "The service is currently unavailable.", "UNAVAILABLE");
    }
    if (fault != null) {
      String body = request.getBody() == null ? "" : request.getBody().utf8();
      // The OAuth error codes (RFC 6749 5.2) an endpoint sends with such a status.
      String code =
          fault.code() >= 500
              ? "server_error"
              : fault.code() == 429 ? "temporarily_unavailable" : "invalid_request";
      return error(
          fault.code(),
          code,
          fault.echo() ? "could not handle request: " + body : "the backend is unavailable");
    }
    if (path.equals("/token")) {
      return jwtBearer(form(request));
    }
    if (path.equals("/v1/token")) {
      return tokenExchange(form(request));
    }
    if (path.startsWith("/v1/projects/-/serviceAccounts/")
        && path.endsWith(":generateAccessToken")) {
      return generateAccessToken(request);
    }
    return error(404, "not_found", path);
  }

  private MockResponse jwtBearer(Map<String, String> form) {
    if (!JWT_BEARER.equals(form.get("grant_type"))) {
      return error(400, "unsupported_grant_type", "Invalid grant_type: " + form.get("grant_type"));
    }
    String[] parts = form.getOrDefault("assertion", "").split("\\.");
    if (parts.length != 3) {
      return error(
          400,
          "invalid_request",
          "Invalid JWT: Token must be a short-lived token and in a reasonable timeframe.");
    }
    try {
      JsonNode header = json.readTree(Base64.getUrlDecoder().decode(parts[0]));
      JsonNode claims = json.readTree(Base64.getUrlDecoder().decode(parts[1]));
      PublicKey key = accounts.get(claims.path("iss").asText());
      if (key == null) {
        return error(400, "invalid_grant", "Invalid grant: account not found");
      }
      Signature verifier = Signature.getInstance("SHA256withRSA");
      verifier.initVerify(key);
      verifier.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
      if (!"RS256".equals(header.path("alg").asText())
          || !verifier.verify(Base64.getUrlDecoder().decode(parts[2]))) {
        return error(400, "invalid_grant", "Invalid JWT Signature.");
      }
      long now = Instant.now().getEpochSecond();
      long iat = claims.path("iat").asLong();
      long exp = claims.path("exp").asLong();
      if (!ASSERTION_AUDIENCE.equals(claims.path("aud").asText())
          || iat > now + 60
          || exp < now
          || exp - iat > 3600) {
        return error(
            400,
            "invalid_grant",
            "Invalid JWT: Token must be a short-lived token and in a reasonable timeframe. (aud "
                + claims.path("aud").asText()
                + ", iat "
                + iat
                + ", exp "
                + exp
                + ", now "
                + now
                + ")");
      }
      if (!List.of(claims.path("scope").asText().split(" ")).contains(CLOUD_PLATFORM)) {
        return error(400, "invalid_scope", "Invalid OAuth scope or ID token audience provided.");
      }
    } catch (IOException | IllegalArgumentException | GeneralSecurityException e) {
      return error(400, "invalid_grant", "Invalid JWT: " + e.getMessage());
    }
    ObjectNode body = json.createObjectNode();
    body.put("access_token", newToken("ya29.c."));
    body.put("expires_in", 3599);
    body.put("token_type", "Bearer");
    return GoogleJsonResponses.json(200, body);
  }

  private MockResponse metadata(RecordedRequest request, String path) {
    if (!"Google".equals(request.getHeaders().get("Metadata-Flavor"))) {
      return metadataText(403, "Missing required header \"Metadata-Flavor\": \"Google\"");
    }
    String account = metadataAccount;
    return switch (path) {
      case "universe/universe-domain" -> metadataText(200, "googleapis.com");
      case "project/project-id" -> metadataText(200, metadataProject);
      case "instance/service-accounts/default/email" ->
          account == null ? metadataText(404, "Not Found") : metadataText(200, account);
      case "instance/service-accounts/default/token" -> {
        if (account == null) {
          yield metadataText(404, "Not Found");
        }
        TokenFault fault = tokenFault;
        if (fault != null) {
          yield metadataText(fault.code(), "the metadata server's token service is unavailable");
        }
        ObjectNode body = json.createObjectNode();
        body.put("access_token", newToken("ya29.c."));
        body.put("expires_in", 3599);
        body.put("token_type", "Bearer");
        yield GoogleJsonResponses.json(200, body)
            .newBuilder()
            .setHeader("Metadata-Flavor", "Google")
            .build();
      }
      default -> metadataText(404, "Not Found");
    };
  }

  private static MockResponse metadataText(int code, String body) {
    return new MockResponse.Builder()
        .code(code)
        .setHeader("Metadata-Flavor", "Google")
        .setHeader("Content-Type", "application/text")
        .body(body)
        .build();
  }

  private MockResponse tokenExchange(Map<String, String> form) {
    if (!TOKEN_EXCHANGE.equals(form.get("grant_type"))) {
      return error(400, "invalid_request", "Invalid value for \"grant_type\".");
    }
    if (federationAudience == null
        || !federationAudience.equals(form.get("audience"))
        || !federationSubjectToken.equals(form.get("subject_token"))) {
      return error(
          400, "invalid_grant", "The audience in ID Token does not match the expected audience.");
    }
    ObjectNode body = json.createObjectNode();
    body.put("access_token", newToken("ya29.d."));
    body.put("issued_token_type", "urn:ietf:params:oauth:token-type:access_token");
    body.put("token_type", "Bearer");
    body.put("expires_in", 3600);
    return GoogleJsonResponses.json(200, body);
  }

  private MockResponse generateAccessToken(RecordedRequest request) {
    String authorization = request.getHeaders().get("Authorization");
    if (authorization == null || !issued(authorization.replaceFirst("^Bearer ", ""))) {
      return GoogleJsonResponses.apiError(
          401, "Request had invalid authentication credentials.", "UNAUTHENTICATED");
    }
    ObjectNode body = json.createObjectNode();
    body.put("accessToken", newToken("ya29.c."));
    body.put(
        "expireTime",
        Instant.now()
            .plusSeconds(3600)
            .truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
            .toString());
    return GoogleJsonResponses.json(200, body);
  }

  private String newToken(String prefix) {
    byte[] bytes = new byte[48];
    random.nextBytes(bytes);
    String token = prefix + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    issued.add(token);
    return token;
  }

  private static Map<String, String> form(RecordedRequest request) {
    Map<String, String> form = new LinkedHashMap<>();
    String body = request.getBody() == null ? "" : request.getBody().utf8();
    for (String pair : body.split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        form.put(
            URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    return form;
  }

  private MockResponse error(int code, String error, String description) {
    ObjectNode body = json.createObjectNode();
    body.put("error", error);
    body.put("error_description", description);
    return GoogleJsonResponses.json(code, body);
  }

  private record TokenFault(int code, boolean echo, boolean frontEnd) {}

  @Override
  public void close() {
    server.close();
  }
}
