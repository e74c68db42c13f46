package dev.tfsdeploy.pipeline;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.Yaml;

/** One composite action's metadata (action.yml), parsed with SnakeYAML, and what its steps say. */
final class ActionFile {
  /** The four actions of this repository: the whole pipeline at the root and its three parts. */
  static final List<String> ALL = List.of("", "setup", "build-image", "deploy", "sweep");

  /** The whole pipeline and its parts; the others (sweep) run the jar for other ends. */
  static final List<String> PIPELINE = List.of("", "setup", "build-image", "deploy");

  private static final Pattern EXPRESSION = Pattern.compile("\\$\\{\\{(.*?)}}", Pattern.DOTALL);

  final String name;
  final Path file;
  final String text;
  final Map<String, Object> yaml;

  private ActionFile(String name, Path file) {
    this.name = name.isEmpty() ? "action.yml" : name + "/action.yml";
    this.file = file;
    try {
      this.text = Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    this.yaml = new Yaml().load(text);
  }

  static ActionFile load(String directory) {
    return load(ProjectFiles.ROOT, directory);
  }

  /** An action of a checkout of this repository at {@code root} (a copy a test has changed). */
  static ActionFile load(Path root, String directory) {
    Path dir = directory.isEmpty() ? root : root.resolve(directory);
    return new ActionFile(directory, dir.resolve("action.yml"));
  }

  static List<ActionFile> all() {
    return ALL.stream().map(ActionFile::load).toList();
  }

  static List<ActionFile> pipeline() {
    return PIPELINE.stream().map(ActionFile::load).toList();
  }

  Path directory() {
    return file.getParent();
  }

  @SuppressWarnings("unchecked")
  Map<String, Map<String, Object>> inputs() {
    return (Map<String, Map<String, Object>>) yaml.getOrDefault("inputs", Map.of());
  }

  @SuppressWarnings("unchecked")
  Map<String, Map<String, Object>> outputs() {
    return (Map<String, Map<String, Object>>) yaml.getOrDefault("outputs", Map.of());
  }

  @SuppressWarnings("unchecked")
  List<Step> steps() {
    Map<String, Object> runs = (Map<String, Object>) yaml.get("runs");
    List<Step> steps = new ArrayList<>();
    for (Object step : (List<Object>) runs.get("steps")) {
      steps.add(new Step((Map<String, Object>) step));
    }
    return steps;
  }

  List<Step> runSteps() {
    return steps().stream().filter(Step::isRun).toList();
  }

  Optional<Step> step(String id) {
    return steps().stream().filter(step -> id.equals(step.id())).findFirst();
  }

  /** The text of every {@code ${{ ... }}} expression in the file. */
  List<String> expressions() {
    return expressionsIn(text);
  }

  static List<String> expressionsIn(String text) {
    List<String> found = new ArrayList<>();
    Matcher matcher = EXPRESSION.matcher(text);
    while (matcher.find()) {
      found.add(matcher.group(1).strip());
    }
    return found;
  }

  @Override
  public String toString() {
    return name;
  }

  /** One step of {@code runs.steps}. */
  record Step(Map<String, Object> yaml) {
    String id() {
      return (String) yaml.get("id");
    }

    boolean isRun() {
      return yaml.containsKey("run");
    }

    String run() {
      return (String) yaml.get("run");
    }

    String uses() {
      return (String) yaml.get("uses");
    }

    String shell() {
      return (String) yaml.get("shell");
    }

    String condition() {
      return yaml.get("if") == null ? null : String.valueOf(yaml.get("if"));
    }

    @SuppressWarnings("unchecked")
    Map<String, String> env() {
      Map<String, String> env = new LinkedHashMap<>();
      ((Map<String, Object>) yaml.getOrDefault("env", Map.of()))
          .forEach((k, v) -> env.put(k, String.valueOf(v)));
      return env;
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> with() {
      return (Map<String, Object>) yaml.getOrDefault("with", Map.of());
    }

    String describe() {
      return id() != null
          ? "step '" + id() + "'"
          : uses() != null ? "step uses " + uses() : "step '" + yaml.get("name") + "'";
    }
  }
}
