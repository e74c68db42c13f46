package dev.tfsdeploy.cluster.kubernetes;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Plain GETs to a pod's port through the API server's pod proxy ({@code
 * /api/v1/namespaces/NS/pods/POD:PORT/proxy/PATH}, RBAC {@code pods/proxy: get}): one request, no
 * port-forward stream, with the client's own credentials. Right for small pages such as a metrics
 * scrape; load goes through a port-forward or the Service instead.
 */
public final class PodProxy {
  private final KubernetesClient client;
  private final String namespace;
  private final Duration timeout;

  public PodProxy(KubernetesClient client, String namespace, Duration timeout) {
    this.client = client;
    this.namespace = namespace;
    this.timeout = timeout;
  }

  /**
   * What came back: the pod's own answer, or the API server's (a {@code Status} object) when it
   * could not reach the pod or refused to proxy.
   *
   * @param code the HTTP status
   * @param body the body as text
   */
  public record Answer(int code, String body) {
    public boolean ok() {
      return code >= 200 && code < 300;
    }

    /** The API server (not the pod) refused: RBAC lacks {@code pods/proxy}. */
    public boolean forbidden() {
      return code == 403;
    }
  }

  /** {@code GET path} (starting with "/") on {@code port} of {@code pod}. */
  public Answer get(String pod, int port, String path) throws IOException {
    HttpClient http = client.getHttpClient();
    HttpRequest request = http.newHttpRequestBuilder().uri(uri(pod, port, path)).build();
    try {
      HttpResponse<String> response =
          http.sendAsync(request, String.class).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      return new Answer(response.code(), response.body() == null ? "" : response.body());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while reading pod/" + pod + path);
    } catch (TimeoutException e) {
      throw new IOException("no answer within " + timeout.toSeconds() + "s", e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      throw new IOException(cause.getMessage(), cause);
    }
  }

  private URI uri(String pod, int port, String path) {
    String master = client.getMasterUrl().toString();
    String base = master.endsWith("/") ? master : master + "/";
    return URI.create(
        base
            + "api/v1/namespaces/"
            + encode(namespace)
            + "/pods/"
            + encode(pod)
            + ":"
            + port
            + "/proxy"
            + path);
  }

  private static String encode(String segment) {
    return URLEncoder.encode(segment, StandardCharsets.UTF_8);
  }
}
