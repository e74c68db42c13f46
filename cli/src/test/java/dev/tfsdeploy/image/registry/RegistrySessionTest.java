package dev.tfsdeploy.image.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tfsdeploy.image.TestRegistry;
import dev.tfsdeploy.image.registry.RegistryAccess.Login;
import dev.tfsdeploy.testing.LoopbackTls;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLHandshakeException;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;

/**
 * The OCI Distribution calls tfs-deploy makes itself, against the real CNCF distribution registry.
 */
@Testcontainers
class RegistrySessionTest {
  static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
  static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
  static final ObjectMapper JSON = new ObjectMapper();

  @Container static final TestRegistry open = new TestRegistry();
  @Container static final TestRegistry locked = new TestRegistry().withUser();
  static final LoopbackTls selfSignedTls = new LoopbackTls("Self-signed registry CA");
  @Container static final TestRegistry selfSigned = new TestRegistry().withTls(selfSignedTls);

  final OkHttpClient http = new OkHttpClient();
  RegistrySession session;

  @AfterEach
  void closeSession() {
    if (session != null) {
      session.close();
    }
  }

  @Test
  void opensAnHttpOnlyRegistryWhenInsecureIsAllowed() throws IOException {
    session =
        RegistrySession.open(access(open, Optional.empty(), true, false), scopes("open/probe"));

    assertThat(session.registry()).isEqualTo(open.address());
    assertThat(session.hasBlob("open/probe", Blobs.digest(Blobs.random(10, 1)))).isFalse();
  }

  @Test
  void reachesASelfSignedHttpsRegistryWithoutCheckingItsCertificateWhenInsecureIsAllowed()
      throws IOException {
    byte[] blob = Blobs.random(1000, 7);
    String digest = Blobs.digest(blob);
    session =
        RegistrySession.open(
            access(selfSigned, Optional.empty(), true, false), scopes("tls/probe"));

    session.upload("tls/probe", digest, blob.length, out -> out.write(blob));

    assertThat(session.hasBlob("tls/probe", digest)).isTrue();
    assertThat(selfSigned.getLogs())
        .contains("\"PUT /v2/tls/probe/blobs/uploads/"); // it was HTTPS: nothing else listens
  }

  @Test
  void refusesASelfSignedHttpsRegistryWhenInsecureIsNotAllowed() {
    assertThatThrownBy(
            () ->
                RegistrySession.open(
                    access(selfSigned, Optional.empty(), false, false), scopes("tls/probe")))
        .isInstanceOf(SSLHandshakeException.class);
  }

  @Test
  void refusesAnHttpOnlyRegistryWhenInsecureIsNotAllowed() {
    assertThatThrownBy(
            () ->
                RegistrySession.open(
                    access(open, Optional.empty(), false, false), scopes("open/probe")))
        .isInstanceOf(IOException.class)
        .isNotInstanceOf(RegistryResponseException.class);
  }

  @Test
  void uploadStreamsABlobThatTheRegistryThenServes() throws IOException {
    byte[] blob = Blobs.random(3 * (1 << 20) + 123, 2);
    String digest = Blobs.digest(blob);
    session =
        RegistrySession.open(
            access(open, Optional.empty(), true, false), scopes("upload/streamed"));

    session.upload(
        "upload/streamed",
        digest,
        blob.length,
        out -> {
          for (int offset = 0; offset < blob.length; offset += 100_000) {
            out.write(blob, offset, Math.min(100_000, blob.length - offset));
          }
        });

    assertThat(open.blob("upload/streamed", digest)).isEqualTo(blob);
    assertThat(open.uploadedBlobs("upload/streamed")).containsExactly(digest);
  }

  @Test
  void hasBlobTellsWhetherTheRepositoryHoldsTheBlob() throws IOException {
    byte[] blob = Blobs.random(1_000, 3);
    session = RegistrySession.open(access(open, Optional.empty(), true, false), scopes("has/blob"));
    Blobs.upload(session, "has/blob", blob);

    assertThat(session.hasBlob("has/blob", Blobs.digest(blob))).isTrue();
    assertThat(session.hasBlob("has/blob", Blobs.digest(Blobs.random(1_000, 4)))).isFalse();
    assertThat(session.hasBlob("has/other", Blobs.digest(blob))).isFalse();
  }

  @Test
  void mountLinksABlobFromAnotherRepositoryWithoutUploadingIt() throws IOException {
    byte[] blob = Blobs.random(200_000, 5);
    String digest = Blobs.digest(blob);
    session =
        RegistrySession.open(
            access(open, Optional.empty(), true, false), scopes("mount/model", "mount/base"));
    Blobs.upload(session, "mount/base", blob);

    assertThat(session.mount("mount/model", digest, "mount/base")).isTrue();

    assertThat(session.hasBlob("mount/model", digest)).isTrue();
    assertThat(open.blob("mount/model", digest)).isEqualTo(blob);
    assertThat(open.uploadedBlobs("mount/model")).isEmpty();
  }

  @Test
  void mountOfABlobTheSourceLacksReturnsFalseAndCancelsTheUploadTheRegistryOpened()
      throws IOException {
    String digest = Blobs.digest(Blobs.random(1_000, 6));
    session =
        RegistrySession.open(
            access(open, Optional.empty(), true, false), scopes("cancel/model", "cancel/base"));

    assertThat(session.mount("cancel/model", digest, "cancel/base")).isFalse();

    List<String> cancelled = loggedUploads(open, "DELETE", "cancel/model");
    assertThat(cancelled).hasSize(1);
    assertThat(uploadStatus(open, cancelled.get(0))).as("GET " + cancelled.get(0)).isEqualTo(404);
    assertThat(session.hasBlob("cancel/model", digest)).isFalse();
  }

  @Test
  void uploadWithAWrongDigestFailsWithStatus400AndStoresNothing() throws IOException {
    byte[] blob = Blobs.random(50_000, 7);
    String claimed = Blobs.digest(Blobs.random(50_000, 8));
    session =
        RegistrySession.open(access(open, Optional.empty(), true, false), scopes("upload/wrong"));

    assertThatThrownBy(
            () -> session.upload("upload/wrong", claimed, blob.length, out -> out.write(blob)))
        .isInstanceOfSatisfying(
            RegistryResponseException.class, e -> assertThat(e.status()).isEqualTo(400));

    assertThat(session.hasBlob("upload/wrong", claimed)).isFalse();
    assertThat(session.hasBlob("upload/wrong", Blobs.digest(blob))).isFalse();
    assertThat(loggedUploads(open, "DELETE", "upload/wrong")).as("cancelled uploads").hasSize(1);
    String upload = loggedUploads(open, "PUT", "upload/wrong").get(0);
    assertThat(uploadStatus(open, upload)).as("GET " + upload).isEqualTo(404);
  }

  @Test
  void uploadWhoseContentFallsShortOfItsSizeFailsAndCancelsTheUpload() throws IOException {
    byte[] blob = Blobs.random(50_000, 9);
    String digest = Blobs.digest(blob);
    session =
        RegistrySession.open(access(open, Optional.empty(), true, false), scopes("upload/short"));

    assertThatThrownBy(
            () ->
                session.upload(
                    "upload/short", digest, blob.length, out -> out.write(blob, 0, 40_000)))
        .isInstanceOf(IOException.class);

    assertThat(session.hasBlob("upload/short", digest)).isFalse();
    assertThat(loggedUploads(open, "DELETE", "upload/short")).as("cancelled uploads").hasSize(1);
    String upload = loggedUploads(open, "PUT", "upload/short").get(0);
    assertThat(uploadStatus(open, upload)).as("GET " + upload).isEqualTo(404);
  }

  @Test
  void manifestReadsAPushedManifestByTagAndByDigest() throws IOException {
    session =
        RegistrySession.open(access(open, Optional.empty(), true, false), scopes("manifest/image"));
    byte[] manifest = pushImage(session, "manifest/image", "v1");

    JsonNode byTag = session.manifest("manifest/image", "v1");
    JsonNode byDigest = session.manifest("manifest/image", Blobs.digest(manifest));

    assertThat(byTag).isEqualTo(JSON.readTree(manifest));
    assertThat(byDigest).isEqualTo(byTag);
    assertThat(byTag.path("layers").get(0).path("digest").asText()).startsWith("sha256:");
  }

  @Test
  void manifestReadsAnImageIndexAsTheIndex() throws IOException {
    session =
        RegistrySession.open(access(open, Optional.empty(), true, false), scopes("manifest/multi"));
    byte[] manifest = pushImage(session, "manifest/multi", "amd64");
    String index =
        JSON.writeValueAsString(
            JSON.createObjectNode()
                .put("schemaVersion", 2)
                .put("mediaType", OCI_INDEX)
                .set(
                    "manifests",
                    JSON.createArrayNode()
                        .add(
                            JSON.createObjectNode()
                                .put("mediaType", OCI_MANIFEST)
                                .put("digest", Blobs.digest(manifest))
                                .put("size", manifest.length)
                                .set(
                                    "platform",
                                    JSON.createObjectNode()
                                        .put("architecture", "amd64")
                                        .put("os", "linux")))));
    putManifest(
        open, "manifest/multi", "latest", OCI_INDEX, index.getBytes(StandardCharsets.UTF_8));

    JsonNode read = session.manifest("manifest/multi", "latest");

    assertThat(read.path("mediaType").asText()).isEqualTo(OCI_INDEX);
    assertThat(read.path("manifests").get(0).path("digest").asText())
        .isEqualTo(Blobs.digest(manifest));
  }

  @Test
  void manifestOfAnUnknownTagFailsWithStatus404() throws IOException {
    session =
        RegistrySession.open(access(open, Optional.empty(), true, false), scopes("manifest/none"));

    assertThatThrownBy(() -> session.manifest("manifest/none", "missing"))
        .isInstanceOfSatisfying(
            RegistryResponseException.class, e -> assertThat(e.status()).isEqualTo(404));
  }

  @Test
  void basicLoginWithTheRightUserUploads() throws IOException {
    byte[] blob = Blobs.random(100_000, 10);
    session =
        RegistrySession.open(
            access(locked, Optional.of(user(TestRegistry.PASSWORD)), true, true),
            scopes("team/model"));

    Blobs.upload(session, "team/model", blob);

    assertThat(locked.blob("team/model", Blobs.digest(blob))).isEqualTo(blob);
    assertThat(session.hasBlob("team/model", Blobs.digest(blob))).isTrue();
  }

  @Test
  void basicLoginWithAWrongPasswordIsRefusedAtTheFirstCall() throws IOException {
    session =
        RegistrySession.open(
            access(locked, Optional.of(user("wrong-password")), true, true), scopes("team/model"));

    assertThatThrownBy(() -> session.hasBlob("team/model", Blobs.digest(Blobs.random(10, 11))))
        .isInstanceOfSatisfying(
            RegistryResponseException.class, e -> assertThat(e.status()).isEqualTo(401));
  }

  @Test
  void withoutCredentialsARegistryThatAsksForALoginCannotBeOpened() {
    assertThatThrownBy(
            () ->
                RegistrySession.open(
                    access(locked, Optional.empty(), true, true), scopes("team/model")))
        .isInstanceOf(IOException.class)
        .hasMessage(locked.address() + " asks for a basic login that is not available here");
  }

  @Test
  void credentialsAreNotSentOverPlainHttpUnlessAllowed() {
    String before = locked.markLog();

    assertThatThrownBy(
            () ->
                RegistrySession.open(
                    access(locked, Optional.of(user(TestRegistry.PASSWORD)), true, false),
                    scopes("team/model")))
        .isInstanceOf(IOException.class)
        .hasMessage(locked.address() + " asks for a login, which is not sent over plain HTTP");

    // The only request that reached the registry is the anonymous probe it refused.
    assertThat(requestLines(locked.logBetween(before, locked.markLog())))
        .containsExactly("\"GET /v2/ HTTP/1.1\" 401");
  }

  private RegistryAccess access(
      TestRegistry registry, Optional<Login> login, boolean insecure, boolean credentialsOverHttp) {
    return new RegistryAccess(
        registry.address(), login, insecure, credentialsOverHttp, secret -> {});
  }

  private static Login user(String password) {
    return new Login(TestRegistry.USER, password);
  }

  private static List<String> scopes(String... repositories) {
    return Arrays.stream(repositories)
        .map(repository -> "repository:" + repository + ":pull,push")
        .toList();
  }

  /**
   * The targets (path and query) of the upload requests {@code method} into {@code repository} that
   * the registry's access log shows, in order.
   */
  private static List<String> loggedUploads(
      TestRegistry registry, String method, String repository) {
    Matcher matcher =
        Pattern.compile(
                "\""
                    + method
                    + " (/v2/"
                    + Pattern.quote(repository)
                    + "/blobs/uploads/\\S+) HTTP/1\\.1\" ")
            .matcher(registry.getLogs());
    List<String> targets = new ArrayList<>();
    while (matcher.find()) {
      targets.add(matcher.group(1));
    }
    return targets;
  }

  /** What the registry answers about an upload: 204 while it is open, 404 once it is gone. */
  private int uploadStatus(TestRegistry registry, String upload) throws IOException {
    try (Response response =
        http.newCall(new Request.Builder().url("http://" + registry.address() + upload).build())
            .execute()) {
      return response.code();
    }
  }

  /**
   * Request lines and statuses of the access-log lines in {@code logs}, e.g. {@code "GET /v2/
   * HTTP/1.1" 401}.
   */
  private static List<String> requestLines(String logs) {
    Matcher matcher =
        Pattern.compile("\"(GET|HEAD|POST|PUT|PATCH|DELETE) \\S+ HTTP/1\\.1\" \\d{3}")
            .matcher(logs);
    List<String> lines = new ArrayList<>();
    while (matcher.find()) {
      lines.add(matcher.group());
    }
    return lines;
  }

  /**
   * Uploads a config and a layer through {@code session}, then tags an OCI manifest of them; its
   * bytes.
   */
  private byte[] pushImage(RegistrySession session, String repository, String tag)
      throws IOException {
    byte[] config =
        "{\"architecture\":\"amd64\",\"os\":\"linux\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[]}}"
            .getBytes(StandardCharsets.UTF_8);
    byte[] layer = Blobs.random(4_096, tag.hashCode());
    Blobs.upload(session, repository, config);
    Blobs.upload(session, repository, layer);
    byte[] manifest =
        JSON.writeValueAsBytes(
            JSON.createObjectNode()
                .put("schemaVersion", 2)
                .put("mediaType", OCI_MANIFEST)
                .<ObjectNode>set(
                    "config", descriptor("application/vnd.oci.image.config.v1+json", config))
                .set(
                    "layers",
                    JSON.createArrayNode()
                        .add(descriptor("application/vnd.oci.image.layer.v1.tar+gzip", layer))));
    putManifest(open, repository, tag, OCI_MANIFEST, manifest);
    return manifest;
  }

  private static ObjectNode descriptor(String mediaType, byte[] blob) {
    return JSON.createObjectNode()
        .put("mediaType", mediaType)
        .put("digest", Blobs.digest(blob))
        .put("size", blob.length);
  }

  private void putManifest(
      TestRegistry registry, String repository, String tag, String mediaType, byte[] manifest)
      throws IOException {
    Request put =
        new Request.Builder()
            .url("http://" + registry.address() + "/v2/" + repository + "/manifests/" + tag)
            .put(RequestBody.create(manifest, MediaType.get(mediaType)))
            .build();
    try (Response response = http.newCall(put).execute()) {
      assertThat(response.code()).as("PUT manifest: " + response.body().string()).isEqualTo(201);
    }
  }

  /** Blob bytes and their digests. */
  static final class Blobs {
    private Blobs() {}

    static byte[] random(int size, long seed) {
      byte[] bytes = new byte[size];
      new Random(seed).nextBytes(bytes);
      return bytes;
    }

    static String digest(byte[] bytes) {
      try {
        return "sha256:"
            + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
      } catch (NoSuchAlgorithmException e) {
        throw new AssertionError(e);
      }
    }

    static void upload(RegistrySession session, String repository, byte[] blob) throws IOException {
      session.upload(repository, digest(blob), blob.length, out -> out.write(blob));
    }
  }
}
