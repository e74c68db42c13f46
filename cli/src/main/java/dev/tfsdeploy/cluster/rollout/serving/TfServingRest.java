package dev.tfsdeploy.cluster.rollout.serving;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/** TF Serving's REST API at one base URL (a port-forward to a pod, or the Service's address). */
public final class TfServingRest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final MediaType APPLICATION_JSON = MediaType.get("application/json");

  private final OkHttpClient http;
  private final HttpUrl base;

  public TfServingRest(String baseUrl, Duration requestTimeout) {
    this.base = HttpUrl.get(baseUrl);
    this.http =
        new OkHttpClient.Builder()
            .callTimeout(requestTimeout)
            .retryOnConnectionFailure(false)
            .build();
  }

  /** An answer of the server: HTTP status and body. */
  public record Answer(int code, String body) {
    public boolean ok() {
      return code >= 200 && code < 300;
    }

    /** The {@code error} field TF Serving puts in failed answers, or the body. */
    public String error() {
      try {
        JsonNode error = JSON.readTree(body).get("error");
        return error == null ? body : error.asText();
      } catch (IOException e) {
        return body;
      }
    }
  }

  /** {@code GET /v1/models/<name>}. */
  public Answer modelStatus(String model) throws IOException {
    return call(new Request.Builder().url(url(model, "")).get().build());
  }

  /** The versions in a {@link #modelStatus} answer. */
  public static List<ModelVersionStatus> versions(Answer answer) throws IOException {
    List<ModelVersionStatus> versions = new ArrayList<>();
    for (JsonNode entry : JSON.readTree(answer.body()).path("model_version_status")) {
      JsonNode status = entry.path("status");
      versions.add(
          new ModelVersionStatus(
              entry.path("version").asText(),
              entry.path("state").asText(),
              status.path("error_code").asText(null),
              status.path("error_message").asText(null)));
    }
    return versions;
  }

  /** {@code POST /v1/models/<name>:predict} with a JSON request body. */
  public Answer predict(String model, String requestJson) throws IOException {
    return call(
        new Request.Builder()
            .url(url(model, ":predict"))
            .post(RequestBody.create(requestJson, APPLICATION_JSON))
            .build());
  }

  /** {@code GET /v1/models/<name>/metadata}: the signatures of the latest version, as JSON. */
  public Answer metadata(String model) throws IOException {
    HttpUrl url = url(model, "").newBuilder().addPathSegment("metadata").build();
    return call(new Request.Builder().url(url).get().build());
  }

  private HttpUrl url(String model, String suffix) {
    // The model name is one path segment; ":predict" is part of that segment in TF Serving's API.
    return base.newBuilder()
        .addPathSegments("v1/models")
        .addEncodedPathSegment(
            URLEncoder.encode(model, StandardCharsets.UTF_8).replace("+", "%20") + suffix)
        .build();
  }

  private Answer call(Request request) throws IOException {
    try (Response response = http.newCall(request).execute()) {
      return new Answer(response.code(), response.body().string());
    }
  }
}
