package dev.tfsdeploy.loadtest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tfsdeploy.UserError;
import dev.tfsdeploy.files.OutputPaths;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A result as JSON (what {@code --json} writes and {@code experiments compare} reads) and as a CSV
 * row (what {@code --csv} appends). Files are replaced atomically: a reader never sees half a file.
 */
public final class ResultFiles {
  static final List<String> CSV_COLUMNS =
      List.of(
          "experiment",
          "replicas",
          "url",
          "mode",
          "concurrency",
          "rate",
          "started",
          "seconds",
          "requests",
          "successes",
          "requests_per_second",
          "p50_ms",
          "p90_ms",
          "p99_ms",
          "p99_9_ms",
          "max_ms",
          "mean_ms",
          "errors");

  private static final ObjectMapper MAPPER =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private static final ObjectMapper LINE = new ObjectMapper();

  /** How the histograms are written, so that a reader can tell a format it does not know. */
  static final String HISTOGRAM_ENCODING = "hdrhistogram-compressed-base64; microseconds";

  private ResultFiles() {}

  /** The result as a JSON document. */
  public static String json(LoadResult result) {
    return text(node(result));
  }

  /**
   * The result as one line of JSON: what a worker prints last, so that its log's last line is its
   * whole result.
   */
  public static String line(LoadResult result) {
    try {
      return LINE.writeValueAsString(node(result));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write a result as JSON", e);
    }
  }

  /** A JSON document as written to files: indented. */
  static String text(JsonNode node) {
    try {
      return MAPPER.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write a result as JSON", e);
    }
  }

  /** The result as a JSON object, as {@link #json} writes it. */
  static ObjectNode node(LoadResult result) {
    ObjectNode node = MAPPER.createObjectNode();
    node.put("experiment", result.experiment());
    node.put("replicas", result.replicas());
    node.put("url", result.url());
    node.put("mode", result.mode());
    node.put("concurrency", result.concurrency());
    node.put("rate", result.rate());
    node.put("started", result.started().toString());
    node.put("seconds", round(result.seconds()));
    node.put("requests", result.requests());
    node.put("successes", result.successes());
    node.put("requestsPerSecond", round(result.requestsPerSecond()));
    ObjectNode latency = node.putObject("latencyMs");
    LoadResult.Latency l = result.latency();
    latency.put("p50", l.p50());
    latency.put("p90", l.p90());
    latency.put("p99", l.p99());
    latency.put("p99.9", l.p999());
    latency.put("max", l.max());
    latency.put("mean", round(l.mean()));
    ObjectNode errors = node.putObject("errors");
    result.errors().forEach(errors::put);
    ObjectNode samples = node.putObject("errorSamples");
    result.errorSamples().forEach(samples::put);
    if (result.histograms() != null) {
      ObjectNode histograms = node.putObject("histograms");
      histograms.put("encoding", HISTOGRAM_ENCODING);
      histograms.put("latency", LatencyHistograms.encode(result.histograms().latency()));
      histograms.put("sent", LatencyHistograms.encode(result.histograms().sent()));
    }
    return node;
  }

  /** Writes the result's JSON to {@code file}, replacing it. */
  public static void writeJson(Path file, LoadResult result) {
    replace(file, json(result) + "\n", "--json");
  }

  /** Reads a result that {@link #writeJson} wrote. */
  public static LoadResult readJson(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new UserError(
          "no result file " + file, "pass files `tfs-deploy loadtest --json FILE` wrote");
    }
    JsonNode node;
    try {
      node = MAPPER.readTree(file.toFile());
    } catch (JsonProcessingException e) {
      throw notAResult(file.toString(), "it is not JSON (" + e.getOriginalMessage() + ")");
    } catch (IOException e) {
      throw new UserError(
          "cannot read " + file + ": " + e.getMessage(),
          "pass a file `tfs-deploy loadtest --json FILE` wrote");
    }
    return parse(node, file.toString());
  }

  /**
   * Reads a result from one line of JSON ({@link #line}), e.g. a worker's last log line; {@code
   * source} names it in errors.
   */
  public static LoadResult parseLine(String json, String source) {
    JsonNode node;
    try {
      node = LINE.readTree(json);
    } catch (JsonProcessingException e) {
      throw notAResult(source, "it is not JSON (" + e.getOriginalMessage() + ")");
    }
    return parse(node, source);
  }

  private static LoadResult parse(JsonNode node, String file) {
    if (node == null || !node.isObject()) {
      throw notAResult(file, "it is not a JSON object");
    }
    for (String field :
        List.of(
            "url",
            "mode",
            "started",
            "seconds",
            "requests",
            "successes",
            "requestsPerSecond",
            "latencyMs")) {
      if (!node.hasNonNull(field)) {
        throw notAResult(file, "it has no \"" + field + "\"");
      }
    }
    JsonNode latency = node.get("latencyMs");
    Map<String, Long> errors = new LinkedHashMap<>();
    node.path("errors")
        .fields()
        .forEachRemaining(e -> errors.put(e.getKey(), e.getValue().asLong()));
    Map<String, String> samples = new LinkedHashMap<>();
    node.path("errorSamples")
        .fields()
        .forEachRemaining(e -> samples.put(e.getKey(), e.getValue().asText()));
    Instant started;
    try {
      started = Instant.parse(node.get("started").asText());
    } catch (DateTimeParseException e) {
      throw notAResult(file, "its \"started\" is not a time");
    }
    return new LoadResult(
        textOrNull(node, "experiment"),
        node.hasNonNull("replicas") ? node.get("replicas").asInt() : null,
        node.get("url").asText(),
        node.get("mode").asText(),
        node.path("concurrency").asInt(),
        node.hasNonNull("rate") ? node.get("rate").asDouble() : null,
        started,
        node.get("seconds").asDouble(),
        node.get("requests").asLong(),
        node.get("successes").asLong(),
        node.get("requestsPerSecond").asDouble(),
        new LoadResult.Latency(
            latency.path("p50").asDouble(),
            latency.path("p90").asDouble(),
            latency.path("p99").asDouble(),
            latency.path("p99.9").asDouble(),
            latency.path("max").asDouble(),
            latency.path("mean").asDouble()),
        errors,
        samples,
        histograms(node.get("histograms"), file));
  }

  private static LatencyHistograms histograms(JsonNode node, String file) {
    if (node == null || node.isNull()) {
      return null;
    }
    if (!HISTOGRAM_ENCODING.equals(node.path("encoding").asText())) {
      throw notAResult(
          file, "its histograms are not \"" + HISTOGRAM_ENCODING + "\" (a newer tfs-deploy?)");
    }
    try {
      return new LatencyHistograms(
          LatencyHistograms.decode(node.path("latency").asText()),
          LatencyHistograms.decode(node.path("sent").asText()));
    } catch (IllegalArgumentException e) {
      throw notAResult(file, "its \"histograms\" are not encoded HdrHistograms");
    }
  }

  /** Appends the result as a row to a CSV file, writing the header first when the file is new. */
  public static void appendCsv(Path file, LoadResult result) {
    String header = String.join(",", CSV_COLUMNS);
    String existing = "";
    if (Files.exists(file)) {
      try {
        existing = Files.readString(file, StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UserError(
            "cannot read --csv " + file + ": " + e.getMessage(), "pass a writable file");
      }
      String firstLine = existing.lines().findFirst().orElse("");
      if (!existing.isBlank() && !firstLine.equals(header)) {
        throw new UserError(
            "--csv " + file + " holds other columns than a load-test result's",
            "pass a new file, or one an earlier `tfs-deploy loadtest --csv` wrote");
      }
    }
    StringBuilder text = new StringBuilder(existing.isBlank() ? header + "\n" : existing);
    if (text.charAt(text.length() - 1) != '\n') {
      text.append('\n');
    }
    text.append(csvRow(result)).append('\n');
    replace(file, text.toString(), "--csv");
  }

  static String csvRow(LoadResult r) {
    LoadResult.Latency l = r.latency();
    List<Object> cells =
        List.of(
            r.experiment() == null ? "" : r.experiment(),
            r.replicas() == null ? "" : r.replicas(),
            r.url(),
            r.mode(),
            r.concurrency(),
            r.rate() == null ? "" : number(r.rate()),
            r.started(),
            number(round(r.seconds())),
            r.requests(),
            r.successes(),
            number(round(r.requestsPerSecond())),
            number(l.p50()),
            number(l.p90()),
            number(l.p99()),
            number(l.p999()),
            number(l.max()),
            number(round(l.mean())),
            r.errors().entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(" ")));
    return cells.stream()
        .map(cell -> csvCell(String.valueOf(cell)))
        .collect(Collectors.joining(","));
  }

  private static String csvCell(String value) {
    if (value.contains(",")
        || value.contains("\"")
        || value.contains("\n")
        || value.contains("\r")) {
      return "\"" + value.replace("\"", "\"\"") + "\"";
    }
    return value;
  }

  private static String number(double value) {
    return value == Math.rint(value) && Math.abs(value) < 1e15
        ? String.valueOf((long) value)
        : String.valueOf(value);
  }

  private static double round(double value) {
    return Math.round(value * 1000.0) / 1000.0;
  }

  private static String textOrNull(JsonNode node, String field) {
    return node.hasNonNull(field) ? node.get(field).asText() : null;
  }

  private static UserError notAResult(String file, String why) {
    return new UserError(
        file + " is not a load-test result: " + why,
        "pass files `tfs-deploy loadtest --json FILE` wrote");
  }

  private static String describe(IOException e) {
    if (e instanceof NoSuchFileException) {
      return "no such file or directory";
    }
    if (e instanceof AccessDeniedException) {
      return "permission denied";
    }
    return String.valueOf(e.getMessage());
  }

  /** Replaces {@code file} (named by {@code option} in errors) with {@code text}, atomically. */
  static void replace(Path file, String text, String option) {
    Path absolute = OutputPaths.file(file, option + " " + file);
    OutputPaths.createDirectories(absolute.getParent(), option + " " + file);
    Path temp = null;
    try {
      temp = OutputPaths.stagingFile(absolute);
      Files.writeString(temp, text, StandardCharsets.UTF_8);
      try {
        Files.move(
            temp, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, absolute, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw new UserError(
          "cannot write " + option + " " + file + ": " + describe(e),
          "pass a path in a writable directory");
    } finally {
      if (temp != null) {
        try {
          Files.deleteIfExists(temp);
        } catch (IOException ignored) {
          // Best effort: the temporary file is hidden and named after the target.
        }
      }
    }
  }
}
