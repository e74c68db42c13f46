package dev.tfsdeploy.loadtest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.function.LongUnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ServerSocketFactory;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

/**
 * TF Serving's REST predict API on 127.0.0.1 (OkHttp's MockWebServer, one thread per connection),
 * serving half_plus_two under one model name, with the latencies and failures a test injects:
 * {@code POST /v1/models/<name>:predict} with {@code {"instances": [...]}} answers {@code
 * {"predictions": [0.5x + 2, ...]}}; another model name answers 404 "Servable not found", a body
 * that is not JSON 400, as TF Serving does.
 */
public final class PredictServer implements AutoCloseable {
  private static final Pattern PREDICT =
      Pattern.compile("/v1/models/([^/:]+)(?:/versions/\\d+)?:predict");
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final MockWebServer server = new MockWebServer();
  private final String model;
  private final InjectedFaults faults = new InjectedFaults();
  private volatile FifoWorkers workers;

  public PredictServer(String model) {
    this.model = model;
    server.setDispatcher(
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) {
            return answer(request);
          }
        });
    // MockWebServer writes headers and body separately; without TCP_NODELAY, Nagle's algorithm
    // holds the body until the client's delayed ACK, 40 ms later. Real servers set it.
    server.setServerSocketFactory(new NoDelayServerSocketFactory());
    try {
      server.start(InetAddress.getLoopbackAddress(), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The base URL, as --url takes it. */
  public String url() {
    return "http://127.0.0.1:" + server.getPort();
  }

  /** Each predict request's latency in milliseconds, by its 0-based index. */
  public PredictServer latency(LongUnaryOperator millisByIndex) {
    faults.latency(millisByIndex);
    return this;
  }

  /** Every n-th predict request answers 500, as TF Serving does when the model fails. */
  public PredictServer failEvery(int n) {
    faults.failEvery(n);
    return this;
  }

  /**
   * The server pauses once, like a stop-the-world pause: predict request {@code index} starts a
   * pause of {@code millis}, and it and every request arriving during it is answered at its end.
   */
  public PredictServer stallOnce(long index, long millis) {
    faults.stallOnce(index, millis);
    return this;
  }

  /**
   * Predict requests queue for {@code fifo}'s workers: each is answered when a worker has served
   * it, and one the queue refuses gets 503 at once, as TF Serving answers when its batching queue
   * is full. Replaces {@link #latency}.
   */
  public PredictServer queueing(FifoWorkers fifo) {
    this.workers = fifo;
    return this;
  }

  /** Predict requests received for the served model. */
  public long predictions() {
    return faults.count();
  }

  private MockResponse answer(RecordedRequest request) {
    Matcher predict = PREDICT.matcher(request.getTarget());
    if (!"POST".equals(request.getMethod()) || !predict.matches()) {
      return json(
          404,
          "{\"error\": \"Malformed request: "
              + request.getMethod()
              + " "
              + request.getTarget()
              + "\"}",
          0);
    }
    if (!predict.group(1).equals(model)) {
      return json(
          404,
          "{\"error\": \"Servable not found for request: Latest(" + predict.group(1) + ")\"}",
          0);
    }
    InjectedFaults.Plan plan = faults.next();
    long delay = plan.delayMillis();
    FifoWorkers fifo = workers;
    if (fifo != null) {
      OptionalLong served = fifo.admit(System.nanoTime());
      if (served.isEmpty()) {
        return json(
            503,
            "{\"error\": \"The batch scheduling queue to which this task was submitted is"
                + " full\"}",
            0);
      }
      delay = TimeUnit.NANOSECONDS.toMillis(served.getAsLong() + 500_000);
    }
    if (plan.fails()) {
      return json(
          500,
          "{\"error\": \"Internal: the model failed on request " + plan.index() + "\"}",
          delay);
    }
    JsonNode body;
    try {
      body =
          MAPPER.readTree(
              request.getBody() == null ? new byte[0] : request.getBody().toByteArray());
    } catch (IOException e) {
      return json(400, "{\"error\": \"JSON Parse error: The document is empty.\"}", delay);
    }
    if (body == null || !body.path("instances").isArray()) {
      return json(400, "{\"error\": \"Missing 'instances' key\"}", delay);
    }
    ArrayNode predictions = MAPPER.createArrayNode();
    for (JsonNode instance : body.get("instances")) {
      JsonNode x = instance.isArray() ? instance.get(0) : instance;
      predictions.addArray().add(0.5 * x.asDouble() + 2);
    }
    return json(200, "{\"predictions\": " + predictions + "}", delay);
  }

  private static MockResponse json(int code, String body, long delayMillis) {
    return new MockResponse.Builder()
        .code(code)
        .addHeader("Content-Type", "application/json")
        .body(body)
        .headersDelay(delayMillis, TimeUnit.MILLISECONDS)
        .build();
  }

  @Override
  public void close() {
    server.close();
  }

  private static final class NoDelayServerSocketFactory extends ServerSocketFactory {
    @Override
    public ServerSocket createServerSocket() throws IOException {
      return new ServerSocket() {
        @Override
        public Socket accept() throws IOException {
          Socket socket = super.accept();
          socket.setTcpNoDelay(true);
          return socket;
        }
      };
    }

    @Override
    public ServerSocket createServerSocket(int port) throws IOException {
      throw new UnsupportedOperationException("MockWebServer binds an unbound socket");
    }

    @Override
    public ServerSocket createServerSocket(int port, int backlog) throws IOException {
      throw new UnsupportedOperationException("MockWebServer binds an unbound socket");
    }

    @Override
    public ServerSocket createServerSocket(int port, int backlog, InetAddress address)
        throws IOException {
      throw new UnsupportedOperationException("MockWebServer binds an unbound socket");
    }
  }
}
