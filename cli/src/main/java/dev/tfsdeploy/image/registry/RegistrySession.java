package dev.tfsdeploy.image.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import okhttp3.Credentials;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okio.BufferedSink;
import org.apache.commons.io.output.CloseShieldOutputStream;

/**
 * An authorized connection to one registry through the OCI Distribution API, for the few calls
 * tfs-deploy makes itself next to Jib: read a manifest, check and mount blobs, and upload a blob
 * from a file in one request.
 *
 * <p>Why not Jib's client for these: Jib only mounts a base layer after downloading it, and sends
 * uploads in chunks of a few KiB, about half as fast as one streamed request on a fast link.
 */
public final class RegistrySession implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final MediaType OCTET_STREAM = MediaType.get("application/octet-stream");

  /** Every manifest kind a registry may hold for an image; Jib reads the same. */
  private static final String MANIFEST_TYPES =
      String.join(
          ", ",
          "application/vnd.oci.image.index.v1+json",
          "application/vnd.oci.image.manifest.v1+json",
          "application/vnd.docker.distribution.manifest.list.v2+json",
          "application/vnd.docker.distribution.manifest.v2+json");

  private static final Duration INSECURE_PROBE = Duration.ofSeconds(3);

  private final OkHttpClient http;
  private final String registry;
  private final HttpUrl root;
  private final SessionLogin login;

  private RegistrySession(OkHttpClient http, String registry, HttpUrl root, SessionLogin login) {
    this.http = http.newBuilder().authenticator(login).build();
    this.registry = registry;
    this.root = root;
    this.login = login;
  }

  /** The registry's host and port, as in an image reference. */
  public String registry() {
    return registry;
  }

  /**
   * Finds how the registry is reached and logs in for {@code scopes} (e.g. {@code
   * repository:team/model:pull,push}). HTTPS; with --insecure-registry (as Jib does) then HTTPS
   * without checking the certificate (a self-signed one, say), then plain HTTP.
   */
  public static RegistrySession open(RegistryAccess access, List<String> scopes)
      throws IOException {
    return open(access, scopes, new OkHttpClient());
  }

  /**
   * As {@link #open(RegistryAccess, List)}, on a client derived from {@code base} (its TLS trust,
   * say).
   */
  static RegistrySession open(RegistryAccess access, List<String> scopes, OkHttpClient base)
      throws IOException {
    OkHttpClient http =
        base.newBuilder()
            .connectTimeout(Duration.ofSeconds(10))
            .readTimeout(Duration.ofSeconds(60))
            .writeTimeout(Duration.ofSeconds(60))
            .followRedirects(true)
            .build();
    HttpUrl https = HttpUrl.get("https://" + access.registry() + "/");
    // Made as they are tried: the unverified client is not built when HTTPS works.
    List<Supplier<Endpoint>> endpoints =
        access.insecure()
            ? List.of(
                () -> new Endpoint(http, https),
                () -> new Endpoint(UnverifiedTls.client(http), https),
                () -> new Endpoint(http, HttpUrl.get("http://" + access.registry() + "/")))
            : List.of(() -> new Endpoint(http, https));
    IOException failure = null;
    for (Supplier<Endpoint> next : endpoints) {
      Endpoint endpoint = next.get();
      Response probe;
      try {
        probe = endpoint.probe(access.insecure());
      } catch (IOException e) {
        failure = e;
        continue;
      }
      return session(access, scopes, endpoint.client(), endpoint.root(), probe);
    }
    throw failure;
  }

  /** One way to reach the registry: a client and the root URL it calls. */
  private record Endpoint(OkHttpClient client, HttpUrl root) {
    /** {@code GET /v2/}, which every registry answers (200, or 401 with its login). */
    Response probe(boolean insecure) throws IOException {
      // A plain-HTTP server may never answer a TLS hello; when plain HTTP is allowed, do not wait
      // the full read timeout to find out.
      OkHttpClient prober =
          insecure && root.isHttps()
              ? client.newBuilder().readTimeout(INSECURE_PROBE).build()
              : client;
      return prober.newCall(new Request.Builder().url(root.resolve("/v2/")).build()).execute();
    }
  }

  /** The session the registry's answer to {@code GET /v2/} calls for: anonymous, or logged in. */
  private static RegistrySession session(
      RegistryAccess access, List<String> scopes, OkHttpClient http, HttpUrl root, Response probe)
      throws IOException {
    try (Response response = probe) {
      if (response.code() == 200) {
        return new RegistrySession(
            http, access.registry(), root, SessionLogin.fixed(root, Optional.empty()));
      }
      if (response.code() != 401) {
        throw new RegistryResponseException("GET /v2/ on " + access.registry(), response.code());
      }
      AuthChallenge challenge =
          AuthChallenge.parse(response.header("WWW-Authenticate"))
              .orElseThrow(
                  () ->
                      new IOException(access.registry() + " asks for a login but names no scheme"));
      return new RegistrySession(
          http, access.registry(), root, login(http, root, challenge, scopes, access));
    }
  }

  private static SessionLogin login(
      OkHttpClient http,
      HttpUrl root,
      AuthChallenge challenge,
      List<String> scopes,
      RegistryAccess access)
      throws IOException {
    if (!root.isHttps() && !access.credentialsOverHttp()) {
      throw new IOException(
          access.registry() + " asks for a login, which is not sent over plain HTTP");
    }
    if (challenge.scheme().equals("bearer")) {
      return SessionLogin.bearer(root, http, challenge, scopes, access);
    }
    if (challenge.scheme().equals("basic") && access.login().isPresent()) {
      RegistryAccess.Login login = access.login().get();
      return SessionLogin.fixed(
          root, Optional.of(Credentials.basic(login.username(), login.password())));
    }
    throw new IOException(
        access.registry()
            + " asks for a "
            + challenge.scheme()
            + " login that is not available here");
  }

  /** The manifest (or index) {@code reference} (a tag or digest) names in {@code repository}. */
  public JsonNode manifest(String repository, String reference) throws IOException {
    Request request =
        authorized(root.resolve("/v2/" + repository + "/manifests/" + reference))
            .header("Accept", MANIFEST_TYPES)
            .build();
    try (Response response = http.newCall(request).execute()) {
      if (response.code() != 200) {
        throw new RegistryResponseException(
            "GET manifest " + repository + ":" + reference, response.code());
      }
      return JSON.readTree(response.body().byteStream());
    }
  }

  /** Whether {@code repository} holds the blob {@code digest}. */
  public boolean hasBlob(String repository, String digest) throws IOException {
    Request request =
        authorized(root.resolve("/v2/" + repository + "/blobs/" + digest)).head().build();
    try (Response response = http.newCall(request).execute()) {
      return switch (response.code()) {
        case 200 -> true;
        case 404 -> false;
        default -> throw new RegistryResponseException("HEAD blob " + digest, response.code());
      };
    }
  }

  /**
   * Asks the registry to link blob {@code digest} from repository {@code from} into {@code
   * repository}; true when it did. A registry that will not mount opens an upload instead, which is
   * cancelled here.
   */
  public boolean mount(String repository, String digest, String from) throws IOException {
    HttpUrl url =
        root.resolve("/v2/" + repository + "/blobs/uploads/")
            .newBuilder()
            .addQueryParameter("mount", digest)
            .addQueryParameter("from", from)
            .build();
    try (Response response =
        http.newCall(authorized(url).post(RequestBody.EMPTY).build()).execute()) {
      if (response.code() == 201) {
        return true;
      }
      if (response.code() == 202) {
        cancel(response.header("Location"));
        return false;
      }
      throw new RegistryResponseException("POST mount " + digest, response.code());
    }
  }

  /** The bytes of a blob, written when the upload asks for them. */
  @FunctionalInterface
  public interface BlobContent {
    void writeTo(OutputStream out) throws IOException;
  }

  /**
   * Uploads blob {@code digest} of {@code size} bytes in one request (a monolithic upload), its
   * bytes streamed from {@code content} as the request is sent.
   */
  public void upload(String repository, String digest, long size, BlobContent content)
      throws IOException {
    HttpUrl start = root.resolve("/v2/" + repository + "/blobs/uploads/");
    HttpUrl location;
    try (Response response =
        http.newCall(authorized(start).post(RequestBody.EMPTY).build()).execute()) {
      if (response.code() != 202) {
        throw new RegistryResponseException("POST upload", response.code());
      }
      location = uploadLocation(response.header("Location"));
    }
    HttpUrl put = location.newBuilder().addQueryParameter("digest", digest).build();
    RequestBody body =
        new RequestBody() {
          @Override
          public MediaType contentType() {
            return OCTET_STREAM;
          }

          @Override
          public long contentLength() {
            return size;
          }

          @Override
          public boolean isOneShot() {
            return true; // the content is produced as it is sent
          }

          @Override
          public void writeTo(BufferedSink sink) throws IOException {
            content.writeTo(CloseShieldOutputStream.wrap(sink.outputStream()));
          }
        };
    int status;
    try (Response response = http.newCall(authorized(put).put(body).build()).execute()) {
      status = response.code();
    } catch (IOException e) {
      cancel(location.toString());
      throw e;
    }
    if (status != 201) {
      cancel(location.toString());
      throw new RegistryResponseException("PUT blob " + digest, status);
    }
  }

  private HttpUrl uploadLocation(String location) throws IOException {
    HttpUrl url = location == null ? null : root.resolve(location);
    if (url == null) {
      throw new IOException("the registry opened an upload without saying where");
    }
    return url;
  }

  /** Best effort: an upload left open expires on the registry anyway. */
  private void cancel(String location) {
    HttpUrl url = location == null ? null : root.resolve(location);
    if (url == null) {
      return;
    }
    try (Response ignored = http.newCall(authorized(url).delete().build()).execute()) {
      // the answer does not matter
    } catch (IOException ignored) {
      // nor does a failure
    }
  }

  /** A request that carries the login, unless it goes to another host (a storage redirect, say). */
  private Request.Builder authorized(HttpUrl url) {
    Request.Builder request = new Request.Builder().url(url);
    if (url.host().equals(root.host()) && url.port() == root.port()) {
      login.header().ifPresent(value -> request.header("Authorization", value));
    }
    return request;
  }

  @Override
  public void close() {
    http.dispatcher().executorService().shutdown();
    http.connectionPool().evictAll();
  }
}
