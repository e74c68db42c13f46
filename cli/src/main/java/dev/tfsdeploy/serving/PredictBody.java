package dev.tfsdeploy.serving;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tfsdeploy.UserError;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A TF Serving REST predict body read from a file the user wrote: a JSON object with {@code
 * "instances"} or {@code "inputs"}.
 *
 * @param bytes the file's bytes, as they would be sent
 * @param json the same, parsed
 */
@SuppressWarnings("ArrayRecordComponent") // never compared or hashed
public record PredictBody(byte[] bytes, JsonNode json) {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  /**
   * Reads {@code file}; messages name it as {@code option FILE}.
   *
   * @param generated how else to get a body, for the fix of a file that is not one
   */
  public static PredictBody read(Path file, String option, String generated) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new UserError(
          "cannot read " + option + " " + file + ": " + e.getMessage(),
          "pass a readable JSON file");
    }
    JsonNode json;
    try {
      json = MAPPER.readTree(bytes);
    } catch (JsonProcessingException e) {
      throw new UserError(
          option + " " + file + " is not JSON: " + e.getOriginalMessage(),
          "pass a TF Serving predict body, e.g. {\"instances\": [[1.0]]}");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (json == null || !json.isObject() || !(json.has("instances") || json.has("inputs"))) {
      throw new UserError(
          option
              + " "
              + file
              + " is not a TF Serving predict body (an object with \"instances\" or \"inputs\")",
          "write e.g. {\"instances\": [[1.0]]}, or " + generated);
    }
    return new PredictBody(bytes, json);
  }
}
