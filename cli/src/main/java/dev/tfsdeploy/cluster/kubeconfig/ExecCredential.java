package dev.tfsdeploy.cluster.kubeconfig;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * The {@code ExecCredential} a client-go exec plugin prints: a bearer token and when it expires, so
 * the client runs the plugin again before it does.
 */
public record ExecCredential(String apiVersion, String token, Optional<Instant> expiration) {
  /** The variable client-go passes to the plugin, holding the {@code ExecCredential} request. */
  public static final String EXEC_INFO_ENV = "KUBERNETES_EXEC_INFO";

  /**
   * How long before the token really expires the client is told it does, so that a request sent
   * just before the deadline (or a clock a little ahead) never carries a dead token.
   */
  static final Duration EXPIRY_MARGIN = Duration.ofMinutes(5);

  /** The credential for a freshly issued token that expires at {@code expiresAt}. */
  public static ExecCredential forToken(
      String apiVersion, String token, Optional<Instant> expiresAt) {
    return new ExecCredential(apiVersion, token, expiresAt.map(at -> at.minus(EXPIRY_MARGIN)));
  }

  /**
   * The API version to answer in: the one the client asked in {@value #EXEC_INFO_ENV} (older
   * clients speak {@code v1beta1}), else {@value ExecPlugin#API_VERSION}.
   */
  public static String requestedApiVersion(Optional<String> execInfo) {
    if (execInfo.isEmpty()) {
      return ExecPlugin.API_VERSION;
    }
    try {
      JsonNode version = new ObjectMapper().readTree(execInfo.get()).path("apiVersion");
      return version.isTextual() && version.asText().startsWith("client.authentication.k8s.io/")
          ? version.asText()
          : ExecPlugin.API_VERSION;
    } catch (IOException e) {
      return ExecPlugin.API_VERSION;
    }
  }

  /** The JSON document (one line) the plugin writes to stdout. */
  public String toJson() {
    ObjectMapper mapper = new ObjectMapper();
    ObjectNode root = mapper.createObjectNode();
    root.put("apiVersion", apiVersion);
    root.put("kind", "ExecCredential");
    ObjectNode status = root.putObject("status");
    status.put("token", token);
    // RFC 3339 in UTC, whole seconds: what client-go's metav1.Time parses.
    expiration.ifPresent(
        at -> status.put("expirationTimestamp", at.truncatedTo(ChronoUnit.SECONDS).toString()));
    try {
      return mapper.writeValueAsString(root);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public String toString() {
    return "ExecCredential[apiVersion="
        + apiVersion
        + ", token=***, expiration="
        + expiration
        + "]";
  }
}
