package dev.tfsdeploy.image;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.google.cloud.tools.jib.api.ImageReference;
import dev.tfsdeploy.testing.LoopbackTls;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.apache.commons.io.FileUtils;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.images.builder.Transferable;
import org.testcontainers.utility.DockerImageName;

/**
 * A real CNCF distribution registry (registry:2, or the image {@value #IMAGE_VARIABLE} names) in a
 * container, listening on a free 127.0.0.1 port with host networking (the engine here has no
 * bridge). Reads what it stores through the registry HTTP API and what it received from its access
 * log.
 */
public final class TestRegistry extends GenericContainer<TestRegistry> {
  static final String IMAGE_VARIABLE = "TFS_DEPLOY_TEST_REGISTRY_IMAGE";

  /** htpasswd users for {@link #withUser}: bcrypt of {@link #PASSWORD}. */
  public static final String USER = "deployer";

  public static final String PASSWORD = "registry-test-password";
  private static final String PASSWORD_BCRYPT =
      "$2b$05$GVFG9cG91k9Cv6VCG7HyKe22vpELt/cFjwULISEi8FU3wefDC8Xiu";

  /**
   * An access-log line of a completed blob upload: {@code PUT
   * …/blobs/uploads/…digest=sha256%3A<hex>} → 201.
   */
  private static final Pattern UPLOAD_COMPLETED =
      Pattern.compile(
          "\"PUT /v2/(\\S+)/blobs/uploads/\\S*[?&]digest=sha256(?:%3A|:)([0-9a-f]{64})\\S*"
              + " HTTP/1\\.1\" 201 ");

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String MANIFEST_TYPES =
      "application/vnd.docker.distribution.manifest.v2+json,application/vnd.oci.image.manifest.v1+json";

  private final int port;
  private final OkHttpClient http = new OkHttpClient();
  private String authorization;
  private boolean pushesServingBase;
  private ImageReference servingBase;

  public TestRegistry() {
    super(DockerImageName.parse(System.getenv().getOrDefault(IMAGE_VARIABLE, "registry:2")));
    port = freePort();
    withNetworkMode("host");
    withEnv("REGISTRY_HTTP_ADDR", address());
    waitingFor(Wait.forLogMessage(".*listening on .*", 1));
  }

  /** Requires {@link #USER}/{@link #PASSWORD} (HTTP basic, as {@code docker login} sends it). */
  public TestRegistry withUser() {
    withCopyToContainer(Transferable.of(USER + ":" + PASSWORD_BCRYPT + "\n"), "/auth/htpasswd");
    withEnv("REGISTRY_AUTH", "htpasswd");
    withEnv("REGISTRY_AUTH_HTPASSWD_REALM", "tfs-deploy-test");
    withEnv("REGISTRY_AUTH_HTPASSWD_PATH", "/auth/htpasswd");
    authorization =
        "Basic "
            + Base64.getEncoder()
                .encodeToString((USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
    return this;
  }

  /**
   * Speaks HTTPS only, with {@code tls}'s loopback certificate (its CA trusted by nothing but the
   * tests that ask for it). The helpers here that read the registry speak plain HTTP: not for them.
   */
  public TestRegistry withTls(LoopbackTls tls) {
    withCopyToContainer(Transferable.of(tls.certificateChainPem()), "/certs/registry.crt");
    withCopyToContainer(Transferable.of(tls.privateKeyPem()), "/certs/registry.key");
    withEnv("REGISTRY_HTTP_TLS_CERTIFICATE", "/certs/registry.crt");
    withEnv("REGISTRY_HTTP_TLS_KEY", "/certs/registry.key");
    return this;
  }

  /**
   * Holds, once started, the TF Serving stand-in ({@link ServingBaseImage}) as {@code
   * serving/base:1}.
   */
  public TestRegistry withServingBase() {
    pushesServingBase = true;
    return this;
  }

  /** The serving base pushed when the registry started (see {@link #withServingBase}). */
  public ImageReference servingBase() {
    if (servingBase == null) {
      throw new IllegalStateException(
          "the registry holds a serving base only withServingBase(), once started");
    }
    return servingBase;
  }

  @Override
  protected void containerIsStarted(InspectContainerResponse container) {
    if (!pushesServingBase) {
      return;
    }
    Path work = null;
    try {
      work = Files.createTempDirectory("serving-base-");
      servingBase = ServingBaseImage.push(this, "serving/base", work);
    } catch (Exception e) {
      throw new IllegalStateException("cannot push the serving base to " + address(), e);
    } finally {
      if (work != null) {
        FileUtils.deleteQuietly(work.toFile());
      }
    }
  }

  /** Refuses every upload (405), as a registry under maintenance does; reads still work. */
  public TestRegistry withReadOnlyStorage() {
    withEnv("REGISTRY_STORAGE_MAINTENANCE", "{\"readonly\":{\"enabled\":true}}");
    return this;
  }

  /** {@code 127.0.0.1:PORT}. */
  public String address() {
    return "127.0.0.1:" + port;
  }

  public JsonNode manifest(String repository, String reference) {
    return json(get("/v2/" + repository + "/manifests/" + reference, MANIFEST_TYPES));
  }

  /** The digest the registry serves {@code repository:reference} by (Docker-Content-Digest). */
  public String manifestDigest(String repository, String reference) {
    Request.Builder request =
        new Request.Builder()
            .url("http://" + address() + "/v2/" + repository + "/manifests/" + reference)
            .head()
            .header("Accept", MANIFEST_TYPES);
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    try (Response response = http.newCall(request.build()).execute()) {
      if (!response.isSuccessful()) {
        throw new AssertionError(
            "HEAD manifest " + repository + ":" + reference + " → " + response.code());
      }
      return response.header("Docker-Content-Digest");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public JsonNode config(String repository, String reference) {
    String digest = manifest(repository, reference).path("config").path("digest").asText();
    return json(blob(repository, digest));
  }

  public byte[] blob(String repository, String digest) {
    return get("/v2/" + repository + "/blobs/" + digest, "*/*");
  }

  public List<String> tags(String repository) {
    List<String> tags = new ArrayList<>();
    json(get("/v2/" + repository + "/tags/list", "application/json"))
        .path("tags")
        .forEach(tag -> tags.add(tag.asText()));
    return tags;
  }

  /** Digests of the blobs uploaded into {@code repository} (not mounted), in upload order. */
  public List<String> uploadedBlobs(String repository) {
    List<String> digests = new ArrayList<>();
    Matcher matcher = UPLOAD_COMPLETED.matcher(getLogs());
    while (matcher.find()) {
      if (matcher.group(1).equals(repository)) {
        digests.add("sha256:" + matcher.group(2));
      }
    }
    return digests;
  }

  /**
   * The access-log request lines ({@code METHOD /path HTTP/1.1}) whose path starts with {@code
   * pathPrefix}.
   */
  public List<String> requests(String method, String pathPrefix) {
    List<String> requests = new ArrayList<>();
    Matcher matcher =
        Pattern.compile("\"(" + method + " " + Pattern.quote(pathPrefix) + "[^\"]*)\"")
            .matcher(getLogs());
    while (matcher.find()) {
      requests.add(matcher.group(1));
    }
    return requests;
  }

  /** The bytes the registry received as blob uploads into {@code repository}. */
  public long uploadedBytes(String repository) {
    return uploadedBlobs(repository).stream()
        .mapToLong(digest -> blob(repository, digest).length)
        .sum();
  }

  /**
   * Writes a mark into the access log and returns it once it is there: the container's log reaches
   * us a little after the requests it records, so a test that reads "what came after" waits for a
   * mark rather than trusting a snapshot.
   */
  public String markLog() {
    String mark = "log-mark-" + UUID.randomUUID();
    String accessLine = "\"GET /v2/" + mark + "/tags/list HTTP/1.1\"";
    try (Response ignored =
        http.newCall(
                new Request.Builder()
                    .url("http://" + address() + "/v2/" + mark + "/tags/list")
                    .build())
            .execute()) {
      // any answer (404, or 401 when locked) is logged
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!getLogs().contains(accessLine)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("the registry's log never showed " + accessLine);
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted waiting for the registry's log", e);
      }
    }
    return accessLine;
  }

  /** The access log between two {@link #markLog() marks}, neither included. */
  public String logBetween(String from, String to) {
    String logs = getLogs();
    int start = logs.indexOf('\n', logs.indexOf(from)) + 1;
    int end = logs.lastIndexOf('\n', logs.indexOf(to)) + 1;
    return logs.substring(start, end);
  }

  private byte[] get(String path, String accept) {
    Request.Builder request =
        new Request.Builder().url("http://" + address() + path).header("Accept", accept);
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    try (Response response = http.newCall(request.build()).execute()) {
      if (!response.isSuccessful()) {
        throw new AssertionError(
            "GET " + path + " → " + response.code() + " " + response.body().string());
      }
      return response.body().bytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static JsonNode json(byte[] bytes) {
    try {
      return JSON.readTree(bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
