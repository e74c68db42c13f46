package dev.tfsdeploy.loadtest;

import dev.tfsdeploy.UserError;
import dev.tfsdeploy.model.ModelName;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;

/**
 * Where predict requests go: a TF Serving REST endpoint, {@code
 * http://HOST:PORT/v1/models/NAME:predict}.
 *
 * @param host the host to connect to (and to name in the Host header)
 * @param port the TCP port
 * @param path the request target, e.g. {@code /v1/models/half_plus_two:predict}
 */
public record Target(String host, int port, String path) {
  /** TF Serving's REST port. */
  public static final int REST_PORT = 8501;

  /**
   * The predict endpoint for {@code url}: a base URL ({@code http://host:8501}) plus the model's
   * name, or a URL that already names the full path (then {@code modelName} may be null).
   */
  public static Target of(String url, String modelName) {
    URI uri;
    try {
      uri = new URI(url.strip());
    } catch (URISyntaxException e) {
      throw new UserError(
          "--url " + url + " is not a URL: " + e.getReason(),
          "pass e.g. --url http://127.0.0.1:8501");
    }
    if (!"http".equalsIgnoreCase(uri.getScheme())) {
      throw new UserError(
          "--url " + url + " is not an http:// URL",
          "TF Serving's REST API is plain HTTP: pass e.g. --url http://127.0.0.1:8501 (port-forward"
              + " or the Service's LoadBalancer address)");
    }
    if (uri.getHost() == null) {
      throw new UserError(
          "--url " + url + " names no host", "pass e.g. --url http://127.0.0.1:8501");
    }
    if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
      throw new UserError(
          "--url " + url + " has a query or fragment",
          "pass the server's base URL, e.g. http://127.0.0.1:8501");
    }
    int port = uri.getPort() < 0 ? 80 : uri.getPort();
    String path = uri.getRawPath() == null ? "" : uri.getRawPath();
    if (path.isEmpty() || path.equals("/")) {
      path = "/v1/models/" + requireModelName(url, modelName) + ":predict";
    }
    return new Target(uri.getHost(), port, path);
  }

  /**
   * {@code modelName}, checked to be a name TF Serving could serve at {@code url} (REST or gRPC).
   */
  public static String requireModelName(String url, String modelName) {
    if (modelName == null || modelName.isBlank()) {
      throw new UserError(
          "no model to load-test at " + url, "pass --model-name NAME (the name TF Serving serves)");
    }
    return ModelName.require(modelName, "model name");
  }

  /** The Host header: the host, with the port unless it is HTTP's default. */
  public String hostHeader() {
    // An IPv6 host is kept in brackets, as URI reports it.
    return port == 80 ? host : host + ":" + port;
  }

  /** The address to connect to, resolved now. */
  public InetSocketAddress address() {
    return new InetSocketAddress(
        host.startsWith("[") ? host.substring(1, host.length() - 1) : host, port);
  }

  /** The full predict URL. */
  public String url() {
    return "http://" + hostHeader() + path;
  }
}
