package dev.tfsdeploy.cluster.rollout.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tfsdeploy.loadtest.FifoWorkers;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

/**
 * A loopback HTTP server answering like TensorFlow Serving's REST API for one model, half_plus_two
 * style: {@code GET /v1/models/<name>} with {@code model_version_status} for each of its versions
 * (LOADING for the first few asks, then AVAILABLE, or a load error), {@code POST
 * /v1/models/<name>:predict} with {@code x / 2 + 2} for each instance, and TF Serving's error
 * bodies for unknown models and bad requests.
 */
public final class TfServingBackend implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final MockWebServer server = new MockWebServer();
  private final String model;
  private final List<Reported> versions;
  private final List<String> requests = new CopyOnWriteArrayList<>();
  private final TfServingMetricsPage metrics;
  private volatile boolean metricsOff;
  private volatile int failEvery;
  private volatile long predictDelayMillis;
  private volatile FifoWorkers workers;
  private final AtomicInteger predicts = new AtomicInteger();

  /**
   * A version the server reports: LOADING for its first {@code loadingAnswers} status answers, then
   * {@code state} with {@code errorCode} (and a message when the code is not OK).
   */
  public record Version(
      String version, int loadingAnswers, String state, String errorCode, String errorMessage) {
    /** LOADING for the first {@code loadingAnswers} asks, then AVAILABLE. */
    public static Version loadsAfter(String version, int loadingAnswers) {
      return new Version(version, loadingAnswers, "AVAILABLE", "OK", "");
    }

    /** LOADING however often it is asked. */
    public static Version staysLoading(String version) {
      return new Version(version, Integer.MAX_VALUE, "AVAILABLE", "OK", "");
    }

    /** END with TF Serving's error, as a version whose SavedModel does not load. */
    public static Version failsToLoad(String version, String errorCode, String errorMessage) {
      return new Version(version, 0, "END", errorCode, errorMessage);
    }

    /** END without an error: unloaded, as a policy drops a version it no longer serves. */
    public static Version unloaded(String version) {
      return new Version(version, 0, "END", "OK", "");
    }
  }

  /** The state of one version, counting down its LOADING answers. */
  private record Reported(Version version, AtomicInteger loadingAnswersLeft) {
    ObjectNode answer() {
      boolean loading = loadingAnswersLeft.getAndDecrement() > 0;
      ObjectNode entry = JSON.createObjectNode();
      entry.put("version", version.version());
      entry.put("state", loading ? "LOADING" : version.state());
      ObjectNode status = entry.putObject("status");
      status.put("error_code", loading ? "OK" : version.errorCode());
      status.put("error_message", loading ? "" : version.errorMessage());
      return entry;
    }
  }

  /** One version, LOADING for {@code loadingAnswers} asks, then AVAILABLE. */
  public TfServingBackend(String model, String version, int loadingAnswers) {
    this(model, List.of(Version.loadsAfter(version, loadingAnswers)));
  }

  /** The versions a model config makes the server load, each as it goes. */
  public TfServingBackend(String model, List<Version> versions) {
    this.model = model;
    this.versions =
        versions.stream().map(v -> new Reported(v, new AtomicInteger(v.loadingAnswers()))).toList();
    this.metrics = new TfServingMetricsPage(model);
    server.setDispatcher(
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) {
            requests.add(request.getMethod() + " " + request.getTarget());
            return answer(request);
          }
        });
    try {
      server.start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public InetSocketAddress address() {
    return new InetSocketAddress(server.getHostName(), server.getPort());
  }

  public String baseUrl() {
    return "http://" + server.getHostName() + ":" + server.getPort();
  }

  /** "GET /v1/models/model", "POST /v1/models/model:predict", in order. */
  public List<String> requests() {
    return List.copyOf(requests);
  }

  /**
   * Traffic the server saw between two scrapes of its metrics page: each scrape first counts {@code
   * ok} and {@code failed} more predict requests taking {@code latencyMicros} each.
   */
  public TfServingBackend trafficPerScrape(long ok, long failed, long latencyMicros) {
    metrics.trafficPerScrape(ok, failed, latencyMicros);
    return this;
  }

  /** The server runs without a monitoring config: its metrics page is an unknown path (404). */
  public TfServingBackend metricsOff() {
    metricsOff = true;
    return this;
  }

  /** Every {@code n}th predict request fails as an internal error (HTTP 500). */
  public TfServingBackend failEveryNthPredict(int n) {
    failEvery = n;
    return this;
  }

  /** Every predict answer takes {@code millis} longer. */
  public TfServingBackend predictDelayMillis(long millis) {
    predictDelayMillis = millis;
    return this;
  }

  /**
   * Predict requests queue for {@code fifo}'s workers and are answered when served (a server of
   * known capacity); replaces {@link #predictDelayMillis}.
   */
  public TfServingBackend queueing(FifoWorkers fifo) {
    workers = fifo;
    return this;
  }

  private MockResponse answer(RecordedRequest request) {
    String target = request.getTarget();
    if (request.getMethod().equals("GET")
        && target.equals(TfServingMetricsPage.PATH)
        && !metricsOff) {
      return new MockResponse.Builder()
          .code(200)
          .addHeader("Content-Type", "text/plain; charset=utf-8")
          .body(metrics.scrape())
          .build();
    }
    if (request.getMethod().equals("GET") && target.equals("/v1/models/" + model + "/metadata")) {
      return json(
          200, METADATA.formatted(model, versions.get(versions.size() - 1).version().version()));
    }
    if (request.getMethod().equals("GET") && target.startsWith("/v1/models/")) {
      String name = target.substring("/v1/models/".length());
      if (!name.equals(model)) {
        return json(404, "{\"error\": \"Servable not found for request: Latest(" + name + ")\"}");
      }
      ObjectNode status = JSON.createObjectNode();
      ArrayNode reported = status.putArray("model_version_status");
      versions.forEach(v -> reported.add(v.answer()));
      return json(200, status.toPrettyString());
    }
    if (request.getMethod().equals("POST") && target.equals("/v1/models/" + model + ":predict")) {
      int n = predicts.incrementAndGet();
      MockResponse answer =
          failEvery > 0 && n % failEvery == 0
              ? json(500, "{\"error\": \"Internal: simulated failure\"}")
              : predict(request.getBody() == null ? "" : request.getBody().utf8());
      FifoWorkers fifo = workers;
      long delay =
          fifo == null
              ? predictDelayMillis
              : TimeUnit.NANOSECONDS.toMillis(
                  fifo.admit(System.nanoTime()).orElseThrow() + 500_000);
      return answer.newBuilder().headersDelay(delay, TimeUnit.MILLISECONDS).build();
    }
    return json(
        404, "{\"error\": \"Malformed request: " + request.getMethod() + " " + target + "\"}");
  }

  /**
   * TF Serving's REST metadata answer for half_plus_two: the SignatureDefMap in proto3 JSON, as the
   * REST server writes it.
   */
  private static final String METADATA =
      """
      {
       "model_spec": {"name": "%s", "signature_name": "", "version": "%s"},
       "metadata": {"signature_def": {
        "signature_def": {
         "serving_default": {
          "inputs": {"x": {"dtype": "DT_FLOAT",
            "tensor_shape": {"dim": [{"size": "-1", "name": ""}, {"size": "1", "name": ""}],
                             "unknown_rank": false},
            "name": "x:0"}},
          "outputs": {"y": {"dtype": "DT_FLOAT",
            "tensor_shape": {"dim": [{"size": "-1", "name": ""}, {"size": "1", "name": ""}],
                             "unknown_rank": false},
            "name": "y:0"}},
          "method_name": "tensorflow/serving/predict"
         }
        }
       }}
      }
      """;

  private static MockResponse predict(String body) {
    try {
      JsonNode instances = JSON.readTree(body).get("instances");
      if (instances == null || !instances.isArray()) {
        return json(400, "{\"error\": \"Missing 'inputs' or 'instances' key\"}");
      }
      ObjectNode answer = JSON.createObjectNode();
      ArrayNode predictions = answer.putArray("predictions");
      for (JsonNode x : instances) {
        predictions.add(x.asDouble() / 2 + 2);
      }
      return json(200, JSON.writeValueAsString(answer));
    } catch (IOException e) {
      return json(400, "{\"error\": \"JSON Parse error: Invalid value. at offset: 0\"}");
    }
  }

  private static MockResponse json(int code, String body) {
    return new MockResponse.Builder()
        .code(code)
        .addHeader("Content-Type", "application/json")
        .body(body)
        .build();
  }

  @Override
  public void close() {
    server.close();
  }
}
