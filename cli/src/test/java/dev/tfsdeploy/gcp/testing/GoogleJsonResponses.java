package dev.tfsdeploy.gcp.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import mockwebserver3.MockResponse;

/** JSON responses as Google's APIs send them, for the loopback Google servers of the tests. */
public final class GoogleJsonResponses {
  private static final ObjectMapper JSON = new ObjectMapper();

  private GoogleJsonResponses() {}

  public static MockResponse json(int code, ObjectNode body) {
    return new MockResponse.Builder()
        .code(code)
        .addHeader("Content-Type", "application/json; charset=UTF-8")
        .body(body.toString())
        .build();
  }

  /** Google's API error body: {@code {"error": {"code", "message", "status"}}}. */
  public static MockResponse apiError(int code, String message, String status) {
    ObjectNode body = JSON.createObjectNode();
    ObjectNode error = body.putObject("error");
    error.put("code", code);
    error.put("message", message);
    error.put("status", status);
    return json(code, body);
  }
}
