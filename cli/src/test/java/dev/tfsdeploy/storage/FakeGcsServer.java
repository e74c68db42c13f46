package dev.tfsdeploy.storage;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32C;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import okhttp3.HttpUrl;
import okio.Buffer;
import okio.ByteString;

/**
 * A Cloud Storage JSON API on 127.0.0.1 with the real response shapes: object metadata (size,
 * generation, crc32c, md5Hash), object lists with prefix, delimiter and page tokens, media
 * downloads ({@code alt=media}) honouring {@code Range} and {@code generation}, and Google's JSON
 * errors. Faults are queued for the next media downloads; tests point the real client at it with
 * {@code STORAGE_EMULATOR_HOST}.
 */
public final class FakeGcsServer extends Dispatcher implements AutoCloseable {
  private static final Pattern OBJECT =
      Pattern.compile("(?:/download)?/storage/v1/b/([^/]+)/o/(.+)");
  private static final Pattern LIST = Pattern.compile("/storage/v1/b/([^/]+)/o/?");
  private static final Pattern RANGE = Pattern.compile("bytes=(\\d+)-(\\d*)");

  private record Stored(ByteString content, long generation, String crc32c, String md5) {}

  private final MockWebServer server = new MockWebServer();
  private final Map<String, Map<String, Stored>> buckets = new ConcurrentHashMap<>();
  private final ConcurrentLinkedDeque<UnaryOperator<MockResponse>> mediaFaults =
      new ConcurrentLinkedDeque<>();
  private final List<String> mediaRanges = new CopyOnWriteArrayList<>();
  private final AtomicLong generations = new AtomicLong(1_733_000_000_000_000L);
  private volatile int pageSize = 1000;
  private volatile int deniedWith;

  public FakeGcsServer() throws IOException {
    server.setDispatcher(this);
    server.start(InetAddress.getLoopbackAddress(), 0);
  }

  /** What STORAGE_EMULATOR_HOST is set to: {@code http://127.0.0.1:PORT}. */
  public String emulatorHost() {
    return "http://127.0.0.1:" + server.getPort();
  }

  public FakeGcsServer bucket(String name) {
    buckets.computeIfAbsent(name, b -> new ConcurrentHashMap<>());
    return this;
  }

  /** Stores an object (creating its bucket) and returns its generation. */
  public long put(String bucket, String name, byte[] content) {
    return put(bucket, name, content, true);
  }

  /** As {@link #put}; {@code withMd5} false stores it as a composite object is: CRC-32C only. */
  public long put(String bucket, String name, byte[] content, boolean withMd5) {
    CRC32C crc = new CRC32C();
    crc.update(content);
    long generation = generations.incrementAndGet();
    bucket(bucket);
    buckets
        .get(bucket)
        .put(
            name,
            new Stored(
                ByteString.of(content),
                generation,
                Crc32c.format(crc.getValue()),
                withMd5 ? md5(content) : null));
    return generation;
  }

  /** As {@link #put}, listing an MD5 and no CRC-32C (as some emulators store objects). */
  public long putWithoutCrc32c(String bucket, String name, byte[] content) {
    long generation = generations.incrementAndGet();
    bucket(bucket);
    buckets
        .get(bucket)
        .put(name, new Stored(ByteString.of(content), generation, null, md5(content)));
    return generation;
  }

  /** Copies every object under {@code from} to the same name under {@code to}. */
  public void copyAllUnder(String bucket, String from, String to) {
    Map<String, Stored> objects = buckets.get(bucket);
    for (Map.Entry<String, Stored> entry : new TreeMap<>(objects).entrySet()) {
      if (entry.getKey().startsWith(from)) {
        put(
            bucket,
            to + entry.getKey().substring(from.length()),
            entry.getValue().content().toByteArray(),
            entry.getValue().md5() != null);
      }
    }
  }

  /** The listed CRC-32C of an object becomes one its bytes do not have. */
  public void corruptListedCrc32c(String bucket, String name) {
    Stored stored = buckets.get(bucket).get(name);
    long wrong = Crc32c.parse(stored.crc32c()) ^ 1;
    buckets
        .get(bucket)
        .put(
            name,
            new Stored(stored.content(), stored.generation(), Crc32c.format(wrong), stored.md5()));
  }

  /** The listed MD5 of an object becomes one its bytes do not have (its CRC-32C stays right). */
  public void corruptListedMd5(String bucket, String name) {
    Stored stored = buckets.get(bucket).get(name);
    buckets
        .get(bucket)
        .put(
            name,
            new Stored(
                stored.content(), stored.generation(), stored.crc32c(), md5(new byte[] {0})));
  }

  /** Lists answer with at most this many items a page, so clients must follow page tokens. */
  public void pageSize(int size) {
    pageSize = size;
  }

  /** Every request from now on is refused with this status (403: the principal lacks access). */
  public void denyAll(int status) {
    deniedWith = status;
  }

  /** The next media download's body is cut off halfway: the connection drops. */
  public FakeGcsServer thenDropMidBody() {
    mediaFaults.add(
        response ->
            response.newBuilder().onResponseBody(SocketEffect.ShutdownConnection.INSTANCE).build());
    return this;
  }

  /**
   * The next media download is answered from the object as it is, then the object is replaced by a
   * new generation holding {@code content}: later requests for the old generation get 404.
   */
  public FakeGcsServer thenReplace(String bucket, String name, byte[] content) {
    mediaFaults.add(
        response -> {
          put(bucket, name, content);
          return response;
        });
    return this;
  }

  /** The next media download gets this status and Google's JSON error instead. */
  public FakeGcsServer thenStatus(int code) {
    mediaFaults.add(response -> error(code, "Backend Error"));
    return this;
  }

  /** The Range headers of every media download so far, in arrival order. */
  public List<String> mediaRanges() {
    return List.copyOf(mediaRanges);
  }

  @Override
  public MockResponse dispatch(RecordedRequest request) {
    HttpUrl url = request.getUrl();
    if (deniedWith != 0) {
      return error(
          deniedWith,
          "anonymous caller does not have storage.objects.get access to the Google Cloud Storage"
              + " object.");
    }
    String path = url.encodedPath();
    Matcher object = OBJECT.matcher(path);
    if (object.matches()) {
      String bucket = decode(object.group(1));
      String name = decode(object.group(2));
      if (!buckets.containsKey(bucket)) {
        return error(404, "The specified bucket does not exist.");
      }
      Stored stored = buckets.get(bucket).get(name);
      String generation = url.queryParameter("generation");
      if (stored == null
          || (generation != null && Long.parseLong(generation) != stored.generation())) {
        return error(404, "No such object: " + bucket + "/" + name);
      }
      if ("media".equals(url.queryParameter("alt"))) {
        String range = request.getHeaders().get("Range");
        mediaRanges.add(String.valueOf(range));
        MockResponse media = media(stored, range);
        UnaryOperator<MockResponse> fault = mediaFaults.poll();
        return fault == null ? media : fault.apply(media);
      }
      return json(200, metadata(bucket, name, stored));
    }
    Matcher list = LIST.matcher(path);
    if (list.matches()) {
      String bucket = decode(list.group(1));
      if (!buckets.containsKey(bucket)) {
        return error(404, "The specified bucket does not exist.");
      }
      return json(200, list(bucket, url));
    }
    return error(404, "Not Found");
  }

  private static MockResponse media(Stored stored, String range) {
    ByteString content = stored.content();
    MockResponse.Builder response =
        new MockResponse.Builder()
            .setHeader("Content-Type", "application/octet-stream")
            .setHeader("X-Goog-Generation", Long.toString(stored.generation()))
            .setHeader("X-Goog-Stored-Content-Length", Integer.toString(content.size()))
            .setHeader("X-Goog-Hash", hashHeader(stored));
    Matcher matcher = range == null ? null : RANGE.matcher(range);
    if (matcher == null || !matcher.matches()) {
      return response.code(200).body(new Buffer().write(content)).build();
    }
    int from = Integer.parseInt(matcher.group(1));
    int to =
        matcher.group(2).isEmpty()
            ? content.size() - 1
            : Math.min(content.size() - 1, Integer.parseInt(matcher.group(2)));
    if (from >= content.size()) {
      return response
          .code(416)
          .setHeader("Content-Range", "bytes */" + content.size())
          .body("")
          .build();
    }
    return response
        .code(206)
        .setHeader("Content-Range", "bytes " + from + "-" + to + "/" + content.size())
        .body(new Buffer().write(content.substring(from, to + 1)))
        .build();
  }

  private static String hashHeader(Stored stored) {
    List<String> hashes = new ArrayList<>();
    if (stored.crc32c() != null) {
      hashes.add("crc32c=" + stored.crc32c());
    }
    if (stored.md5() != null) {
      hashes.add("md5=" + stored.md5());
    }
    return String.join(",", hashes);
  }

  private String list(String bucket, HttpUrl url) {
    String prefix = String.valueOf(url.queryParameter("prefix")).replace("null", "");
    String delimiter = url.queryParameter("delimiter");
    String token = url.queryParameter("pageToken");
    TreeMap<String, Stored> sorted = new TreeMap<>(buckets.get(bucket));
    List<String> items = new ArrayList<>();
    TreeSet<String> prefixes = new TreeSet<>();
    String next = null;
    int count = 0;
    for (Map.Entry<String, Stored> entry : sorted.entrySet()) {
      String name = entry.getKey();
      if (!name.startsWith(prefix) || (token != null && name.compareTo(token) < 0)) {
        continue;
      }
      if (count == pageSize) {
        next = name;
        break;
      }
      int cut = delimiter == null ? -1 : name.indexOf(delimiter, prefix.length());
      if (cut >= 0) {
        prefixes.add(name.substring(0, cut + delimiter.length()));
      } else {
        items.add(metadata(bucket, name, entry.getValue()));
      }
      count++;
    }
    StringBuilder json = new StringBuilder("{\"kind\":\"storage#objects\"");
    if (next != null) {
      json.append(",\"nextPageToken\":\"").append(next).append('"');
    }
    if (!prefixes.isEmpty()) {
      json.append(",\"prefixes\":[")
          .append(String.join(",", prefixes.stream().map(p -> "\"" + p + "\"").toList()))
          .append(']');
    }
    if (!items.isEmpty()) {
      json.append(",\"items\":[").append(String.join(",", items)).append(']');
    }
    return json.append('}').toString();
  }

  private String metadata(String bucket, String name, Stored stored) {
    String id = bucket + "/" + name + "/" + stored.generation();
    return "{\"kind\":\"storage#object\",\"id\":\""
        + id
        + "\",\"selfLink\":\""
        + emulatorHost()
        + "/storage/v1/b/"
        + bucket
        + "/o/"
        + name.replace("/", "%2F")
        + "\",\"name\":\""
        + name
        + "\",\"bucket\":\""
        + bucket
        + "\",\"generation\":\""
        + stored.generation()
        + "\",\"metageneration\":\"1\",\"contentType\":\"application/octet-stream\","
        + "\"storageClass\":\"STANDARD\",\"size\":\""
        + stored.content().size()
        + "\""
        + (stored.md5() == null ? ",\"componentCount\":2" : ",\"md5Hash\":\"" + stored.md5() + "\"")
        + (stored.crc32c() == null ? "" : ",\"crc32c\":\"" + stored.crc32c() + "\"")
        + ",\"etag\":\"CKih16GjycICEAE=\",\"timeCreated\":\"2026-12-01T09:14:31.000Z\","
        + "\"updated\":\"2026-12-01T09:14:31.000Z\"}";
  }

  private static MockResponse error(int code, String message) {
    String reason =
        switch (code) {
          case 403 -> "forbidden";
          case 404 -> "notFound";
          case 401 -> "required";
          default -> "backendError";
        };
    return json(
        code,
        "{\"error\":{\"code\":"
            + code
            + ",\"message\":\""
            + message
            + "\",\"errors\":[{\"message\":\""
            + message
            + "\",\"domain\":\"global\",\"reason\":\""
            + reason
            + "\"}]}}");
  }

  private static MockResponse json(int code, String body) {
    return new MockResponse.Builder()
        .code(code)
        .setHeader("Content-Type", "application/json; charset=UTF-8")
        .body(body)
        .build();
  }

  private static String decode(String segment) {
    return URLDecoder.decode(segment, StandardCharsets.UTF_8);
  }

  private static String md5(byte[] content) {
    try {
      return Base64.getEncoder().encodeToString(MessageDigest.getInstance("MD5").digest(content));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    server.close();
  }
}
