package dev.tfsdeploy.storage;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The two object reads of the Cloud Storage JSON API a download makes, over the JDK's HTTP client
 * (the transport Google's client uses too): an object's metadata ({@code objects.get}) and a range
 * of its bytes ({@code alt=media} with {@code Range}, pinned to the generation). The body is handed
 * to the caller as it arrives, to be read in large blocks; Google's read channel copies it through
 * 8 KiB reads.
 */
final class StorageHttp {
  // Jackson's streaming parser: databind's ObjectMapper loads 400 classes, a third of a start-up.
  private static final JsonFactory JSON = new JsonFactory();
  private static final Pattern CONTENT_RANGE = Pattern.compile("bytes (\\d+)-(\\d+)/(\\d+|\\*)");

  private final String endpoint;
  private final String userAgent;
  private final int connectTimeoutMillis;
  private final int readTimeoutMillis;
  private final Optional<Supplier<String>> accessToken;

  /**
   * @param endpoint the API's base URL, {@code https://storage.googleapis.com} or an emulator's
   * @param accessToken a valid access token on each call; empty to ask anonymously
   */
  StorageHttp(
      String endpoint,
      String userAgent,
      Duration connectTimeout,
      Duration readTimeout,
      Optional<Supplier<String>> accessToken) {
    this.endpoint = endpoint;
    this.userAgent = userAgent;
    this.connectTimeoutMillis = (int) connectTimeout.toMillis();
    this.readTimeoutMillis = (int) readTimeout.toMillis();
    this.accessToken = accessToken;
  }

  /** A Cloud Storage answer other than success, with Google's error message. */
  static final class StatusException extends IOException {
    private final int status;

    StatusException(int status, String message) {
      super(message);
      this.status = status;
    }

    int status() {
      return status;
    }
  }

  /** The object's metadata; empty when Cloud Storage answers 404 (no such object or bucket). */
  Optional<StoredObject> object(String bucket, String name) throws IOException {
    HttpURLConnection connection = open(objectPath("/storage/v1", bucket, name));
    try {
      int status = connection.getResponseCode();
      if (status == 404) {
        drain(connection.getErrorStream());
        return Optional.empty();
      }
      if (status != 200) {
        throw failure(connection, status);
      }
      Map<String, String> json;
      try (InputStream body = connection.getInputStream()) {
        json = scalars(body.readAllBytes());
      }
      return Optional.of(
          new StoredObject(
              json.getOrDefault("bucket", bucket),
              json.getOrDefault("name", name),
              Long.parseLong(json.getOrDefault("generation", "0")),
              Long.parseLong(json.getOrDefault("size", "0")),
              json.get("crc32c"),
              json.get("md5Hash")));
    } catch (IOException e) {
      connection.disconnect();
      throw e;
    }
  }

  /**
   * The bytes {@code [start, end)} of {@code object}'s generation, to be read to their end and
   * closed.
   *
   * @throws StatusException for an answer other than those bytes (404 when the generation is gone)
   */
  InputStream media(StoredObject object, long start, long end) throws IOException {
    HttpURLConnection connection =
        open(
            objectPath("/download/storage/v1", object.bucket(), object.name())
                + "?alt=media&generation="
                + object.generation());
    connection.setRequestProperty("Range", "bytes=" + start + "-" + (end - 1));
    try {
      int status = connection.getResponseCode();
      if (status != 200 && status != 206) {
        throw failure(connection, status);
      }
      String sent = connection.getHeaderField("Content-Range");
      Matcher range = CONTENT_RANGE.matcher(String.valueOf(sent));
      boolean asked =
          status == 206
              ? range.matches()
                  && Long.parseLong(range.group(1)) == start
                  && Long.parseLong(range.group(2)) == end - 1
              : start == 0 && end == object.size(); // the whole object
      if (!asked) {
        // Worth another attempt: a proxy on the way may have answered from a cache.
        throw new IOException(
            "asked for bytes "
                + start
                + "-"
                + (end - 1)
                + ", got HTTP "
                + status
                + (sent == null ? "" : " with Content-Range " + sent));
      }
      return connection.getInputStream();
    } catch (IOException e) {
      connection.disconnect();
      throw e;
    }
  }

  private String objectPath(String api, String bucket, String name) {
    return endpoint + api + "/b/" + segment(bucket) + "/o/" + segment(name);
  }

  private static String segment(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private HttpURLConnection open(String url) throws IOException {
    HttpURLConnection connection = (HttpURLConnection) URI.create(url).toURL().openConnection();
    connection.setConnectTimeout(connectTimeoutMillis);
    connection.setReadTimeout(readTimeoutMillis);
    connection.setInstanceFollowRedirects(false);
    connection.setRequestProperty("User-Agent", userAgent);
    if (accessToken.isPresent()) {
      connection.setRequestProperty("Authorization", "Bearer " + accessToken.get().get());
    }
    return connection;
  }

  /** Google's error message from the body ({@code {"error":{"message":...}}}), else the status. */
  private static StatusException failure(HttpURLConnection connection, int status)
      throws IOException {
    String message = null;
    try (InputStream body = connection.getErrorStream()) {
      if (body != null) {
        String text = new String(body.readAllBytes(), StandardCharsets.UTF_8);
        try {
          message = scalars(text.getBytes(StandardCharsets.UTF_8)).get("error.message");
        } catch (IOException notJson) {
          message = text.isBlank() ? null : text;
        }
      }
    }
    if (message == null) {
      message = connection.getResponseMessage();
    }
    return new StatusException(status, status + " " + (message == null ? "" : message).strip());
  }

  private static void drain(InputStream body) throws IOException {
    if (body != null) {
      try (body) {
        body.transferTo(OutputStream.nullOutputStream());
      }
    }
  }

  /**
   * The scalar fields of a JSON object and of the objects in it, by dotted path ({@code
   * error.message}); arrays are skipped.
   */
  static Map<String, String> scalars(byte[] json) throws IOException {
    Map<String, String> fields = new HashMap<>();
    try (JsonParser parser = JSON.createParser(json)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        throw new IOException("not a JSON object");
      }
      collect(parser, "", fields);
    }
    return fields;
  }

  private static void collect(JsonParser parser, String prefix, Map<String, String> fields)
      throws IOException {
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String name = prefix + parser.currentName();
      JsonToken value = parser.nextToken();
      if (value == JsonToken.START_OBJECT) {
        collect(parser, name + ".", fields);
      } else if (value == JsonToken.START_ARRAY) {
        parser.skipChildren();
      } else if (value != JsonToken.VALUE_NULL) {
        fields.put(name, parser.getText());
      }
    }
  }
}
