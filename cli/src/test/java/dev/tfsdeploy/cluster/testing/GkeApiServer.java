package dev.tfsdeploy.cluster.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tfsdeploy.gcp.testing.GoogleJsonResponses;
import java.io.IOException;
import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

/**
 * The GKE v1 API (container.googleapis.com) on loopback: {@code clusters.get} and {@code
 * clusters.list} under {@code /v1/projects/P/locations/L/clusters}, answering with the real JSON
 * shapes — including Google's error body {@code {"error": {"code", "message", "status"}}} — and
 * requiring a bearer token that the token server really issued.
 */
public final class GkeApiServer implements AutoCloseable {
  private static final Pattern CLUSTERS =
      Pattern.compile("/v1/projects/([^/]+)/locations/([^/]+)/clusters(?:/([^/:]+))?");

  private final MockWebServer server = new MockWebServer();
  private final ObjectMapper json = new ObjectMapper();
  private final Predicate<String> validToken;

  /** "project/location" to cluster name to cluster JSON. */
  private final Map<String, Map<String, ObjectNode>> clusters = new ConcurrentHashMap<>();

  private final List<String> bearerTokens = new CopyOnWriteArrayList<>();
  private final List<String> requests = new CopyOnWriteArrayList<>();
  private volatile String deniedPermission;

  public GkeApiServer(Predicate<String> validToken) throws IOException {
    this.validToken = validToken;
    server.setDispatcher(
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) {
            return handle(request);
          }
        });
    server.start(InetAddress.getLoopbackAddress(), 0);
  }

  /** The base URL, in the form {@code CLOUDSDK_API_ENDPOINT_OVERRIDES_CONTAINER} takes. */
  public String baseUrl() {
    return "http://127.0.0.1:" + server.getPort() + "/";
  }

  public GkeApiServer add(String project, String location, ObjectNode cluster) {
    clusters
        .computeIfAbsent(project + "/" + location, key -> new ConcurrentHashMap<>())
        .put(cluster.path("name").asText(), cluster);
    return this;
  }

  /** From now on, every call is refused for lack of {@code permission}. */
  public void deny(String permission) {
    deniedPermission = permission;
  }

  /** The bearer tokens callers sent, in order. */
  public List<String> bearerTokens() {
    return List.copyOf(bearerTokens);
  }

  /** "METHOD path" of each request, in order. */
  public List<String> requests() {
    return List.copyOf(requests);
  }

  private MockResponse handle(RecordedRequest request) {
    String path = request.getUrl().encodedPath();
    requests.add(request.getMethod() + " " + path);
    String authorization = request.getHeaders().get("Authorization");
    String token = authorization == null ? "" : authorization.replaceFirst("^Bearer ", "");
    bearerTokens.add(token);
    if (!validToken.test(token)) {
      return GoogleJsonResponses.apiError(
          401,
          "Request had invalid authentication credentials. Expected OAuth 2 access token, login"
              + " cookie or other valid authentication credential.",
          "UNAUTHENTICATED");
    }
    Matcher matcher = CLUSTERS.matcher(path);
    if (!"GET".equals(request.getMethod()) || !matcher.matches()) {
      return GoogleJsonResponses.apiError(404, "Requested entity was not found.", "NOT_FOUND");
    }
    String project = matcher.group(1);
    String location = matcher.group(2);
    String name = matcher.group(3);
    String resource =
        "projects/"
            + project
            + "/locations/"
            + location
            + (name == null ? "" : "/clusters/" + name);
    if (deniedPermission != null) {
      return GoogleJsonResponses.apiError(
          403,
          "Required \"" + deniedPermission + "\" permission(s) for \"" + resource + "\".",
          "PERMISSION_DENIED");
    }
    if (name == null) {
      ObjectNode body = json.createObjectNode();
      ArrayNode list = body.putArray("clusters");
      clusters.forEach(
          (key, byName) -> {
            if (key.equals(project + "/" + location)
                || (location.equals("-") && key.startsWith(project + "/"))) {
              list.addAll(byName.values());
            }
          });
      return GoogleJsonResponses.json(200, body);
    }
    ObjectNode cluster = clusters.getOrDefault(project + "/" + location, Map.of()).get(name);
    if (cluster == null) {
      return GoogleJsonResponses.apiError(404, "Not found: " + resource + ".", "NOT_FOUND");
    }
    return GoogleJsonResponses.json(200, cluster);
  }

  @Override
  public void close() {
    server.close();
  }
}
