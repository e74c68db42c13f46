package dev.tfsdeploy.pipeline;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs a composite action's {@code run:} steps the way the runner does, as far as these actions
 * need: each step's script under {@code bash --noprofile --norc -eo pipefail} with its env, a fresh
 * GITHUB_OUTPUT / GITHUB_ENV / GITHUB_PATH / GITHUB_STEP_SUMMARY file per step read back after it
 * (outputs, exported variables, PATH entries, job summary), GITHUB_ACTION_PATH and RUNNER_TEMP.
 * {@code uses:} steps (setup-java, cache, Google auth) are not run: the test stands in for what
 * they leave behind (a JDK, Google credentials in the job's env), and says so.
 *
 * <p>Expressions are substituted as text, no expression engine: {@code inputs.X}, {@code
 * steps.ID.outputs.NAME}, {@code github.NAME} and {@code env.NAME}, each alone in its {@code ${{
 * }}}; anything else fails the test.
 */
final class CompositeRunner {
  private static final Pattern EXPRESSION = Pattern.compile("\\$\\{\\{\\s*(.*?)\\s*}}");
  private static final Pattern INPUT = Pattern.compile("inputs\\.([A-Za-z0-9_-]+)");
  private static final Pattern STEP_OUTPUT =
      Pattern.compile("steps\\.([A-Za-z0-9_-]+)\\.outputs\\.([A-Za-z0-9_-]+)");
  private static final Pattern GITHUB = Pattern.compile("github\\.([A-Za-z0-9_.]+)");
  private static final Pattern ENV = Pattern.compile("env\\.([A-Za-z0-9_]+)");

  private final ActionFile action;
  private final Path workspace;
  private final Path runnerTemp;
  private final Map<String, String> github = new LinkedHashMap<>();
  private final Map<String, String> jobEnv = new LinkedHashMap<>();
  private String stopAfter;
  private final Map<String, Map<String, String>> required = new LinkedHashMap<>();

  CompositeRunner(ActionFile action, Path workspace, Path runnerTemp) {
    this.action = action;
    this.workspace = workspace;
    this.runnerTemp = runnerTemp;
    github.put("action_path", action.directory().toString());
  }

  /**
   * A value of the {@code github} context, e.g. {@code repository}, {@code event.release.tag_name}.
   */
  CompositeRunner github(String name, String value) {
    github.put(name, value);
    return this;
  }

  /**
   * A variable of the job's environment (the workflow's env:, or what an earlier step exported).
   */
  CompositeRunner env(String name, String value) {
    jobEnv.put(name, value);
    return this;
  }

  /** Runs the steps up to and including {@code stepId} only. */
  CompositeRunner stopAfter(String stepId) {
    stopAfter = stepId;
    return this;
  }

  /**
   * Stops the run, failed, unless step {@code stepId} output {@code name=value}: keeps a test from
   * going on into a step it must not reach (the build from source would run Maven on this project).
   */
  CompositeRunner require(String stepId, String name, String value) {
    required.computeIfAbsent(stepId, id -> new LinkedHashMap<>()).put(name, value);
    return this;
  }

  /** The outcome of running the action. */
  record Result(
      boolean succeeded,
      String failedStep,
      Map<String, String> outputs,
      Map<String, Map<String, String>> stepOutputs,
      Map<String, String> exported,
      List<String> path,
      List<String> skipped,
      String summary,
      String log) {
    /**
     * The log as the runner shows it: workflow commands such as ::add-mask:: are read, not shown.
     */
    String shownLog() {
      return log.lines()
          .filter(line -> !line.startsWith("::add-mask::"))
          .collect(java.util.stream.Collectors.joining("\n"));
    }
  }

  /** {@code inputs.NAME == 'V'}, {@code steps.ID.outputs.NAME != 'V'}: the conditions used. */
  private static final Pattern CHOICE =
      Pattern.compile("(\\S+) (==|!=) '([^']*)' && (\\S+) \\|\\| (\\S+)");

  private static final Pattern CONDITION =
      Pattern.compile("(inputs|steps\\.([\\w-]+)\\.outputs)\\.([\\w-]+) (==|!=) '([^']*)'");

  private boolean holds(
      ActionFile.Step step, Map<String, String> inputs, Map<String, Map<String, String>> outputs) {
    Matcher condition = CONDITION.matcher(step.condition().strip());
    if (!condition.matches()) {
      throw new AssertionError(
          action + ": " + step.describe() + " has an if: this runner cannot evaluate");
    }
    String value =
        condition.group(2) == null
            ? inputs.getOrDefault(condition.group(3), "")
            : outputs
                .getOrDefault(condition.group(2), Map.of())
                .getOrDefault(condition.group(3), "");
    return value.equals(condition.group(5)) == condition.group(4).equals("==");
  }

  Result run(Map<String, String> with) {
    Map<String, String> inputs = inputs(with);
    Map<String, Map<String, String>> stepOutputs = new LinkedHashMap<>();
    Map<String, String> exported = new LinkedHashMap<>();
    List<String> path = new ArrayList<>();
    List<String> skipped = new ArrayList<>();
    StringBuilder summary = new StringBuilder();
    StringBuilder log = new StringBuilder();
    int index = 0;
    Path runDir = stepsDirectory();
    for (ActionFile.Step step : action.steps()) {
      index++;
      if (!step.isRun()) {
        skipped.add(step.uses());
        continue;
      }
      if (step.condition() != null && !holds(step, inputs, stepOutputs)) {
        continue; // as the runner skips it: no outputs, nothing run
      }
      Map<String, String> env = new LinkedHashMap<>(jobEnv);
      env.putAll(exported);
      step.env().forEach((name, value) -> env.put(name, substitute(value, inputs, stepOutputs)));
      Files files = new Files(runDir.resolve("step-" + index));
      String id = step.id() == null ? "step-" + index : step.id();
      int exit = bash(substitute(step.run(), inputs, stepOutputs), env, files, path, log, id);
      stepOutputs.put(id, files.read(files.output));
      exported.putAll(files.read(files.env));
      // Each line goes in front of PATH, so the last one written comes first.
      files.lines(files.path).forEach(entry -> path.add(0, entry));
      summary.append(files.text(files.summary));
      boolean unexpected =
          required.getOrDefault(id, Map.of()).entrySet().stream()
              .anyMatch(entry -> !entry.getValue().equals(stepOutputs.get(id).get(entry.getKey())));
      if (exit != 0 || unexpected) {
        return new Result(
            false,
            id,
            Map.of(),
            stepOutputs,
            exported,
            path,
            skipped,
            summary.toString(),
            log.toString());
      }
      if (id.equals(stopAfter)) {
        break;
      }
    }
    Map<String, String> outputs = new LinkedHashMap<>();
    action
        .outputs()
        .forEach(
            (name, output) ->
                outputs.put(
                    name, substitute(String.valueOf(output.get("value")), inputs, stepOutputs)));
    return new Result(
        true,
        null,
        outputs,
        stepOutputs,
        exported,
        path,
        skipped,
        summary.toString(),
        log.toString());
  }

  /** A new directory for one run's runner files. */
  private Path stepsDirectory() {
    try {
      return java.nio.file.Files.createTempDirectory(
          java.nio.file.Files.createDirectories(runnerTemp.resolve("_steps")), "run");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The inputs given, and the declared defaults (with their github expressions) for the rest. */
  private Map<String, String> inputs(Map<String, String> with) {
    for (String name : with.keySet()) {
      if (!action.inputs().containsKey(name)) {
        throw new AssertionError(action + " has no input " + name);
      }
    }
    Map<String, String> inputs = new LinkedHashMap<>();
    action
        .inputs()
        .forEach(
            (name, input) -> {
              Object fallback = input.get("default");
              inputs.put(
                  name,
                  with.containsKey(name)
                      ? with.get(name)
                      : substitute(
                          fallback == null ? "" : String.valueOf(fallback), Map.of(), Map.of()));
            });
    return inputs;
  }

  private String substitute(
      String text, Map<String, String> inputs, Map<String, Map<String, String>> steps) {
    Matcher matcher = EXPRESSION.matcher(text);
    StringBuilder out = new StringBuilder();
    while (matcher.find()) {
      matcher.appendReplacement(
          out, Matcher.quoteReplacement(value(matcher.group(1), inputs, steps)));
    }
    matcher.appendTail(out);
    return out.toString();
  }

  private String value(
      String expression, Map<String, String> inputs, Map<String, Map<String, String>> steps) {
    Matcher matcher;
    if ((matcher = INPUT.matcher(expression)).matches()) {
      return inputs.getOrDefault(matcher.group(1), "");
    }
    if ((matcher = STEP_OUTPUT.matcher(expression)).matches()) {
      return steps.getOrDefault(matcher.group(1), Map.of()).getOrDefault(matcher.group(2), "");
    }
    if ((matcher = CHOICE.matcher(expression)).matches()) {
      // GitHub's "condition && a || b": a when the condition holds and a is not empty, else b.
      boolean holds =
          value(matcher.group(1), inputs, steps).equals(matcher.group(3))
              == matcher.group(2).equals("==");
      String chosen = holds ? value(matcher.group(4), inputs, steps) : "";
      return chosen.isEmpty() ? value(matcher.group(5), inputs, steps) : chosen;
    }
    if ((matcher = GITHUB.matcher(expression)).matches()) {
      return github.getOrDefault(matcher.group(1), "");
    }
    if ((matcher = ENV.matcher(expression)).matches()) {
      return jobEnv.getOrDefault(matcher.group(1), "");
    }
    throw new AssertionError(
        action + ": expression '" + expression + "' is more than this runner substitutes");
  }

  private int bash(
      String script,
      Map<String, String> stepEnv,
      Files files,
      List<String> extraPath,
      StringBuilder log,
      String id) {
    try {
      Path scriptFile = java.nio.file.Files.writeString(files.dir.resolve("script.sh"), script);
      ProcessBuilder builder =
          new ProcessBuilder(
                  "bash", "--noprofile", "--norc", "-eo", "pipefail", scriptFile.toString())
              .directory(workspace.toFile())
              .redirectErrorStream(true);
      Map<String, String> env = builder.environment();
      env.clear();
      // What a runner's machine has: a JDK (actions/setup-java), the usual tools, a home.
      String javaHome = System.getProperty("java.home");
      env.put(
          "PATH",
          String.join(":", extraPath)
              + (extraPath.isEmpty() ? "" : ":")
              + javaHome
              + "/bin:/usr/local/bin:/usr/bin:/bin");
      env.put("JAVA_HOME", javaHome);
      env.put("HOME", runnerTemp.resolve("home").toString());
      env.put("CI", "true");
      env.put("GITHUB_ACTIONS", "true");
      env.put("GITHUB_WORKSPACE", workspace.toString());
      env.put("RUNNER_TEMP", runnerTemp.toString());
      env.put("GITHUB_ACTION_PATH", action.directory().toString());
      env.put("GITHUB_OUTPUT", files.output.toString());
      env.put("GITHUB_ENV", files.env.toString());
      env.put("GITHUB_PATH", files.path.toString());
      env.put("GITHUB_STEP_SUMMARY", files.summary.toString());
      env.putAll(stepEnv);
      long started = System.nanoTime();
      Process process = builder.start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(5, TimeUnit.MINUTES)) {
        process.destroyForcibly();
        throw new AssertionError("step " + id + " did not finish in 5 minutes");
      }
      // With its duration: a step that is sometimes slow shows which one it is in the test output.
      String header =
          String.format(
              java.util.Locale.ROOT,
              "== step %s (exit %d, %.1f s)",
              id,
              process.exitValue(),
              (System.nanoTime() - started) / 1e9);
      System.out.println(action + ": " + header.substring(3));
      log.append(header).append("\n").append(output);
      return process.exitValue();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** The runner's files for one step. */
  private static final class Files {
    final Path dir;
    final Path output;
    final Path env;
    final Path path;
    final Path summary;

    Files(Path dir) {
      this.dir = dir;
      try {
        java.nio.file.Files.createDirectories(dir);
        output = java.nio.file.Files.createFile(dir.resolve("output"));
        env = java.nio.file.Files.createFile(dir.resolve("env"));
        path = java.nio.file.Files.createFile(dir.resolve("path"));
        summary = java.nio.file.Files.createFile(dir.resolve("summary.md"));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    String text(Path file) {
      try {
        return java.nio.file.Files.readString(file);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    List<String> lines(Path file) {
      return text(file).lines().filter(line -> !line.isBlank()).toList();
    }

    /** {@code name=value} lines and {@code name<<DELIMITER} heredocs, as the runner reads them. */
    Map<String, String> read(Path file) {
      Map<String, String> values = new LinkedHashMap<>();
      List<String> lines = text(file).lines().toList();
      for (int i = 0; i < lines.size(); i++) {
        String line = lines.get(i);
        int heredoc = line.indexOf("<<");
        int equals = line.indexOf('=');
        if (heredoc > 0 && (equals < 0 || heredoc < equals)) {
          String delimiter = line.substring(heredoc + 2);
          List<String> value = new ArrayList<>();
          for (i++; !lines.get(i).equals(delimiter); i++) {
            value.add(lines.get(i));
          }
          values.put(line.substring(0, heredoc), String.join("\n", value));
        } else if (equals > 0) {
          values.put(line.substring(0, equals), line.substring(equals + 1));
        } else if (!line.isBlank()) {
          throw new AssertionError("not a runner file line: " + line);
        }
      }
      return values;
    }
  }
}
