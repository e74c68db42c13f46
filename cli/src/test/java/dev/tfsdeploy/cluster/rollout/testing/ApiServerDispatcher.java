package dev.tfsdeploy.cluster.rollout.testing;

import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Fabric8's CRUD mock API server, plus the four things it does not do that a deploy needs:
 *
 * <ul>
 *   <li>Server-side apply. The CRUD dispatcher answers {@code application/apply-patch+yaml} with
 *       404 (absent object) or 415 (present one). Here an apply creates an absent object, and on a
 *       present one does what SSA does for a single field manager that forces conflicts: the
 *       applied labels and annotations are merged into the live ones (another manager's, like the
 *       Deployment controller's revision annotation, stay), every other top-level field (spec,
 *       data, ...) becomes exactly what was applied, status stays. {@code dryRun=All} answers with
 *       that result without storing it. What real SSA does beyond this (per-field ownership among
 *       several managers, conflicts without force) is not modelled; the requests themselves are
 *       recorded so tests can check what the client sent.
 *   <li>Pod logs, from a store the test writes, honouring {@code tailLines} and {@code previous}.
 *   <li>The pod proxy ({@code pods/NAME:PORT/proxy/PATH}): a GET passed on to the same server
 *       standing in for the pod, its answer returned as it is.
 *   <li>Port forwarding: the {@code portforward.k8s.io} WebSocket protocol, relayed to a real TCP
 *       server standing in for the pod.
 * </ul>
 *
 * Everything else goes to the CRUD dispatcher (and to expectations set with {@code
 * server.expect()}).
 */
public final class ApiServerDispatcher extends Dispatcher {
  private static final Pattern LOG = Pattern.compile("/api/v1/namespaces/([^/]+)/pods/([^/]+)/log");
  private static final Pattern PORT_FORWARD =
      Pattern.compile("/api/v1/namespaces/([^/]+)/pods/([^/]+)/portforward");
  private static final Pattern PROXY =
      Pattern.compile("/api/v1/namespaces/([^/]+)/pods/([^/:]+)(?::(\\d+))?/proxy(/.*)?");
  private static final KubernetesSerialization JSON = new KubernetesSerialization();
  private static final HttpClient PROXY_CLIENT = HttpClient.newHttpClient();

  private final KubernetesMixedDispatcher crud;
  private final List<ApplyRequest> applies = new CopyOnWriteArrayList<>();
  private final Map<String, PodLog> logs = new ConcurrentHashMap<>();
  private final Map<String, InetSocketAddress> forwards = new ConcurrentHashMap<>();
  private final List<String> logRequests = new CopyOnWriteArrayList<>();
  private final List<String> proxyRequests = new CopyOnWriteArrayList<>();
  private volatile boolean proxyForbidden;

  public ApiServerDispatcher(Map<ServerRequest, Queue<ServerResponse>> responses) {
    this.crud = new KubernetesMixedDispatcher(responses);
  }

  /** One server-side apply request as the client sent it. */
  public record ApplyRequest(
      String path, Map<String, String> query, String contentType, String body) {}

  /** The logs of one container: what the running instance and the previous (crashed) one wrote. */
  public record PodLog(String current, String previous) {}

  public List<ApplyRequest> applies() {
    return List.copyOf(applies);
  }

  /**
   * The query strings of every log request, e.g.
   * "container=tfs-serving&previous=true&tailLines=50".
   */
  public List<String> logRequests() {
    return List.copyOf(logRequests);
  }

  public void podLog(String pod, String container, PodLog log) {
    logs.put(pod + "/" + container, log);
  }

  /** "pod:port/path" of every pod proxy request, in order. */
  public List<String> proxyRequests() {
    return List.copyOf(proxyRequests);
  }

  /** From now on the pod proxy answers 403, as for an identity without {@code pods/proxy}. */
  public void forbidPodProxy() {
    proxyForbidden = true;
  }

  /** Port forwards and pod proxy requests to {@code pod} reach {@code target} (any port). */
  public void forwardPod(String pod, InetSocketAddress target) {
    forwards.put(pod, target);
  }

  @Override
  public MockResponse dispatch(RecordedRequest request) {
    String[] pathAndQuery = request.getPath().split("\\?", 2);
    String path = pathAndQuery[0];
    Map<String, String> query = query(pathAndQuery.length > 1 ? pathAndQuery[1] : "");
    String contentType = request.getHeader("Content-Type");
    if (request.method() == HttpMethod.PATCH
        && contentType != null
        && contentType.startsWith("application/apply-patch+yaml")) {
      String body =
          request.getBody() == null
              ? ""
              : new String(request.getBody().getBytes(), StandardCharsets.UTF_8);
      applies.add(new ApplyRequest(path, query, contentType, body));
      return apply(path, query, body);
    }
    if (request.method() == HttpMethod.PATCH
        && contentType != null
        && contentType.startsWith("application/merge-patch+json")) {
      return mergePatch(
          path,
          request.getBody() == null
              ? "{}"
              : new String(request.getBody().getBytes(), StandardCharsets.UTF_8));
    }
    Matcher log = LOG.matcher(path);
    if (request.method() == HttpMethod.GET && log.matches()) {
      logRequests.add(pathAndQuery.length > 1 ? pathAndQuery[1] : "");
      return log(log.group(2), query);
    }
    Matcher proxy = PROXY.matcher(path);
    if (request.method() == HttpMethod.GET && proxy.matches()) {
      return proxy(proxy, pathAndQuery.length > 1 ? "?" + pathAndQuery[1] : "");
    }
    Matcher forward = PORT_FORWARD.matcher(path);
    if (forward.matches() && forwards.containsKey(forward.group(2))) {
      int port = Integer.parseInt(query.getOrDefault("ports", "0"));
      return new MockResponse()
          .withWebSocketUpgrade(new PortForwardRelay(forwards.get(forward.group(2)), port));
    }
    return crud.dispatch(request);
  }

  /**
   * The pod proxy: the request goes on to the pod's stand-in and its answer comes back as it is;
   * the API server's own refusals are Status objects.
   */
  private MockResponse proxy(Matcher proxy, String query) {
    String pod = proxy.group(2);
    String podPath = proxy.group(4) == null ? "/" : proxy.group(4);
    proxyRequests.add(pod + ":" + proxy.group(3) + podPath);
    if (proxyForbidden) {
      return status(
          403,
          "Forbidden",
          "pods \"" + pod + "\" is forbidden: cannot get resource \"pods/proxy\"");
    }
    InetSocketAddress target = forwards.get(pod);
    if (target == null) {
      return status(
          503, "ServiceUnavailable", "error trying to reach service: no endpoint for pod " + pod);
    }
    try {
      HttpResponse<String> answer =
          PROXY_CLIENT.send(
              HttpRequest.newBuilder(
                      URI.create(
                          "http://"
                              + target.getHostString()
                              + ":"
                              + target.getPort()
                              + podPath
                              + query))
                  .GET()
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      MockResponse response = new MockResponse().setResponseCode(answer.statusCode());
      answer
          .headers()
          .firstValue("Content-Type")
          .ifPresent(type -> response.setHeader("Content-Type", type));
      return response.setBody(answer.body());
    } catch (IOException e) {
      return status(503, "ServiceUnavailable", "error trying to reach service: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return status(503, "ServiceUnavailable", "interrupted");
    }
  }

  private static MockResponse status(int code, String reason, String message) {
    return json(
        code,
        Map.of(
            "kind",
            "Status",
            "apiVersion",
            "v1",
            "status",
            "Failure",
            "message",
            message,
            "reason",
            reason,
            "code",
            code));
  }

  @Override
  public void shutdown() {
    crud.shutdown();
  }

  private MockResponse apply(String path, Map<String, String> query, String body) {
    Map<String, Object> applied = JSON.unmarshal(body, Map.class);
    boolean dryRun = "All".equals(query.get("dryRun"));
    MockResponse existing = crud.dispatch(request(HttpMethod.GET, path, null));
    if (existing.code() == 404) {
      if (dryRun) {
        return json(201, applied);
      }
      String collection = path.substring(0, path.lastIndexOf('/'));
      return crud.dispatch(request(HttpMethod.POST, collection, JSON.asJson(applied)));
    }
    Map<String, Object> live =
        JSON.unmarshal(
            new String(existing.getBody().getBytes(), StandardCharsets.UTF_8), Map.class);
    Map<String, Object> merged = merge(live, applied);
    if (dryRun) {
      return json(200, merged);
    }
    return crud.dispatch(request(HttpMethod.PUT, path, JSON.asJson(merged)));
  }

  /**
   * JSON merge patch (RFC 7386) as the API server applies it: objects merge key by key, null
   * deletes, arrays and scalars replace. (The CRUD mock's own merge appends to arrays.)
   */
  private MockResponse mergePatch(String path, String body) {
    MockResponse existing = crud.dispatch(request(HttpMethod.GET, path, null));
    if (existing.code() == 404) {
      return existing;
    }
    Map<String, Object> live =
        JSON.unmarshal(
            new String(existing.getBody().getBytes(), StandardCharsets.UTF_8), Map.class);
    Object patched = mergePatch(live, JSON.unmarshal(body, Map.class));
    return crud.dispatch(request(HttpMethod.PUT, path, JSON.asJson(patched)));
  }

  @SuppressWarnings("unchecked")
  private static Object mergePatch(Object target, Object patch) {
    if (!(patch instanceof Map<?, ?> patchMap)) {
      return patch;
    }
    Map<String, Object> result =
        target instanceof Map<?, ?> targetMap
            ? new LinkedHashMap<>((Map<String, Object>) targetMap)
            : new LinkedHashMap<>();
    ((Map<String, Object>) patchMap)
        .forEach(
            (key, value) -> {
              if (value == null) {
                result.remove(key);
              } else {
                result.put(key, mergePatch(result.get(key), value));
              }
            });
    return result;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> merge(Map<String, Object> live, Map<String, Object> applied) {
    Map<String, Object> merged = new LinkedHashMap<>();
    Map<String, Object> metadata = new LinkedHashMap<>((Map<String, Object>) live.get("metadata"));
    Map<String, Object> appliedMetadata =
        (Map<String, Object>) applied.getOrDefault("metadata", Map.of());
    for (String map : List.of("labels", "annotations")) {
      Map<String, Object> values =
          new LinkedHashMap<>((Map<String, Object>) metadata.getOrDefault(map, Map.of()));
      values.putAll((Map<String, Object>) appliedMetadata.getOrDefault(map, Map.of()));
      metadata.put(map, values);
    }
    merged.put("apiVersion", applied.getOrDefault("apiVersion", live.get("apiVersion")));
    merged.put("kind", applied.getOrDefault("kind", live.get("kind")));
    merged.put("metadata", metadata);
    applied.forEach(
        (key, value) -> {
          if (!List.of("apiVersion", "kind", "metadata", "status").contains(key)) {
            merged.put(key, value);
          }
        });
    if (live.containsKey("status")) {
      merged.put("status", live.get("status"));
    }
    return merged;
  }

  private MockResponse log(String pod, Map<String, String> query) {
    PodLog log = logs.get(pod + "/" + query.getOrDefault("container", ""));
    if (log == null) {
      return json(
          400,
          Map.of(
              "kind",
              "Status",
              "apiVersion",
              "v1",
              "status",
              "Failure",
              "code",
              400,
              "message",
              "container \""
                  + query.get("container")
                  + "\" in pod \""
                  + pod
                  + "\" is waiting to start"));
    }
    String text = "true".equals(query.get("previous")) ? log.previous() : log.current();
    if (query.containsKey("tailLines")) {
      List<String> lines = Arrays.asList(text.split("\n", -1));
      if (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) {
        lines = lines.subList(0, lines.size() - 1);
      }
      int tail = Integer.parseInt(query.get("tailLines"));
      text =
          String.join("\n", lines.subList(Math.max(0, lines.size() - tail), lines.size())) + "\n";
    }
    return new MockResponse()
        .setResponseCode(200)
        .setHeader("Content-Type", "text/plain")
        .setBody(text);
  }

  private static MockResponse json(int code, Object body) {
    return new MockResponse()
        .setResponseCode(code)
        .setHeader("Content-Type", "application/json")
        .setBody(JSON.asJson(body));
  }

  private static RecordedRequest request(HttpMethod method, String path, String body) {
    Headers headers = Headers.builder().add("Content-Type", "application/json").build();
    Buffer buffer = new Buffer();
    if (body != null) {
      buffer.writeUtf8(body);
    }
    return new RecordedRequest("HTTP/1.1", method, path, headers, buffer);
  }

  private static Map<String, String> query(String query) {
    Map<String, String> values = new LinkedHashMap<>();
    for (String pair : query.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      String[] kv = pair.split("=", 2);
      values.put(
          URLDecoder.decode(kv[0], StandardCharsets.UTF_8),
          kv.length > 1 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
    }
    return values;
  }
}
