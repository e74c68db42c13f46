package dev.tfsdeploy.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tfsdeploy.actions.ActionsEnvironment;
import dev.tfsdeploy.actions.Console;
import dev.tfsdeploy.cli.EnvironmentDefaults;
import dev.tfsdeploy.cli.Main;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The action.yml files checked against themselves and against the CLI they call (actionlint does
 * not read action metadata): inputs declared and used, outputs wired to steps, flags and
 * TFS_DEPLOY_* variables that the called subcommand really has, bash everywhere, and no expression
 * pasted into a script.
 */
class ActionMetadataTest {
  private static final Pattern INPUT = Pattern.compile("\\binputs\\.([A-Za-z0-9_-]+)");
  private static final Pattern STEP_OUTPUT =
      Pattern.compile("steps\\.([A-Za-z0-9_-]+)\\.outputs\\.([A-Za-z0-9_-]+)");
  private static final Pattern CLI_CALL = Pattern.compile("(?m)^\\s*tfs-deploy\\s+([a-z-]+)(.*)$");
  private static final Pattern FLAG = Pattern.compile("(?<=\\s|^)(--[a-z][a-z0-9-]*)");
  private static final Pattern SCRIPT = Pattern.compile("\"\\$GITHUB_ACTION_PATH/([^\"]+\\.sh)\"");

  static List<ActionFile> actions() {
    return ActionFile.all();
  }

  static List<ActionFile> pipeline() {
    return ActionFile.pipeline();
  }

  private static CommandLine cli() {
    PrintStream nowhere = new PrintStream(OutputStream.nullOutputStream());
    return Main.commandLine(
        new Console(nowhere, nowhere, new ActionsEnvironment(Map.of()), false), Map.of());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("actions")
  void everyInputItUsesIsDeclared(ActionFile action) {
    Set<String> used = new TreeSet<>();
    for (String expression : action.expressions()) {
      Matcher matcher = INPUT.matcher(expression);
      while (matcher.find()) {
        used.add(matcher.group(1));
      }
    }
    assertThat(action.inputs().keySet()).as("inputs of %s", action).containsAll(used);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("actions")
  void everyDeclaredInputIsUsedByAStep(ActionFile action) {
    String stepsText = action.text.substring(action.text.indexOf("\nruns:"));
    for (String input : action.inputs().keySet()) {
      assertThat(ActionFile.expressionsIn(stepsText))
          .as("%s: input %s is used by a step", action, input)
          .anyMatch(
              expression ->
                  INPUT.matcher(expression).results().anyMatch(m -> m.group(1).equals(input)));
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("actions")
  void everyInputIsDocumentedAndSaysWhetherItIsRequired(ActionFile action) {
    action
        .inputs()
        .forEach(
            (name, input) -> {
              assertThat(input.get("description"))
                  .as("%s: %s has a description", action, name)
                  .asString()
                  .isNotBlank();
              assertThat(input.get("required"))
                  .as("%s: %s says whether it is required", action, name)
                  .isInstanceOf(Boolean.class);
              if (Boolean.FALSE.equals(input.get("required"))) {
                assertThat(input)
                    .as("%s: optional %s has a default", action, name)
                    .containsKey("default");
              }
            });
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("actions")
  void everyOutputIsAStepOutputOfAStepThatRunsTheCli(ActionFile action) {
    assertThat(action.outputs()).isNotEmpty();
    action
        .outputs()
        .forEach(
            (name, output) -> {
              assertThat(output.get("description"))
                  .as("%s: output %s has a description", action, name)
                  .asString()
                  .isNotBlank();
              Matcher matcher = STEP_OUTPUT.matcher(String.valueOf(output.get("value")));
              assertThat(matcher.matches() || matcher.reset().find())
                  .as("%s: output %s = %s", action, name, output.get("value"))
                  .isTrue();
              ActionFile.Step step =
                  action
                      .step(matcher.group(1))
                      .orElseThrow(
                          () ->
                              new AssertionError(
                                  action
                                      + ": output "
                                      + name
                                      + " names no step "
                                      + matcher.group(1)));
              assertThat(step.isRun() && CLI_CALL.matcher(step.run()).find())
                  .as("%s: %s runs tfs-deploy", action, step.describe())
                  .isTrue();
            });
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("actions")
  void runStepsDeclareShellBash(ActionFile action) {
    assertThat(action.runSteps())
        .isNotEmpty()
        .allSatisfy(step -> assertThat(step.shell()).as(step.describe()).isEqualTo("bash"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("actions")
  void noExpressionIsPastedIntoAScript(ActionFile action) {
    // Inputs reach scripts through env: only, so no value can become shell code.
    assertThat(action.runSteps())
        .allSatisfy(step -> assertThat(step.run()).as(step.describe()).doesNotContain("${{"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("actions")
  void everyFlagAndVariableGivenToTheCliIsAnOptionOfTheSubcommand(ActionFile action) {
    Map<String, CommandLine> subcommands = cli().getSubcommands();
    List<String> calls = new ArrayList<>();
    for (ActionFile.Step step : action.runSteps()) {
      Matcher call = CLI_CALL.matcher(step.run());
      if (!call.find()) {
        continue;
      }
      String name = call.group(1);
      calls.add(name);
      assertThat(subcommands)
          .as("%s: %s runs tfs-deploy %s", action, step.describe(), name)
          .containsKey(name);
      CommandLine command = subcommands.get(name);
      String rest = call.group(2).strip();
      // A subcommand's subcommand: tfs-deploy experiments sweep.
      String next = rest.split("\\s+")[0];
      if (command.getSubcommands().containsKey(next)) {
        name = name + " " + next;
        command = command.getSubcommands().get(next);
        rest = rest.substring(next.length());
      }
      CommandSpec spec = command.getCommandSpec();
      String called = name;
      Matcher flags = FLAG.matcher(rest);
      while (flags.find()) {
        assertThat(spec.findOption(flags.group(1)))
            .as("%s: tfs-deploy %s %s", action, name, flags.group(1))
            .isNotNull();
      }
      Map<String, String> variables =
          spec.options().stream()
              .collect(
                  Collectors.toMap(
                      option ->
                          EnvironmentDefaults.variablesFor(option.longestName())
                              .findFirst()
                              .orElseThrow(),
                      OptionSpec::longestName,
                      (a, b) -> a));
      step.env().keySet().stream()
          .filter(variable -> variable.startsWith("TFS_DEPLOY_"))
          .forEach(
              variable ->
                  assertThat(variables)
                      .as(
                          "%s: %s sets %s for tfs-deploy %s",
                          action, step.describe(), variable, called)
                      .containsKey(variable));
    }
    assertThat(calls).as("%s calls the CLI", action).isNotEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("actions")
  void theScriptsItRunsExistInTheRepository(ActionFile action) {
    for (ActionFile.Step step : action.runSteps()) {
      Matcher script = SCRIPT.matcher(step.run());
      while (script.find()) {
        Path file = action.directory().resolve(script.group(1)).normalize();
        assertThat(file)
            .as("%s: %s runs %s", action, step.describe(), script.group(1))
            .isRegularFile();
        assertThat(Files.isExecutable(file)).as("%s is executable", file).isTrue();
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("actions")
  void itInstallsJava25TheCliAndItsCacheBeforeAnyStepRunsIt(ActionFile action) {
    List<ActionFile.Step> steps = action.steps();
    ActionFile.Step java = steps.get(0);
    assertThat(java.uses()).isEqualTo("actions/setup-java@v4");
    assertThat(java.with())
        .containsEntry("distribution", "temurin")
        .containsEntry("java-version", "25");
    assertThat(steps.get(1).id()).isEqualTo("cli");
    assertThat(steps.get(2).uses()).isEqualTo("actions/cache@v4");
    assertThat(steps.get(3).id()).isEqualTo("cli-build");
    // The ahead-of-time cache, kept across jobs under the key the build step gives it.
    ActionFile.Step aotCache = steps.get(4);
    assertThat(aotCache.uses()).isEqualTo("actions/cache@v4");
    assertThat(aotCache.with())
        .containsEntry("path", "${{ steps.cli-build.outputs.aot-cache }}")
        .containsEntry("key", "${{ steps.cli-build.outputs.aot-key }}");
    assertThat(steps.get(5).id()).isEqualTo("cli-aot");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("actions")
  void googleAuthenticationComesInBothModesOnlyWhenAsked(ActionFile action) {
    List<ActionFile.Step> auth =
        action.steps().stream()
            .filter(
                step ->
                    step.uses() != null && step.uses().startsWith("google-github-actions/auth@"))
            .toList();
    if (!action.inputs().containsKey("credentials_json")) {
      assertThat(auth).isEmpty();
      return;
    }
    assertThat(auth)
        .extracting(ActionFile.Step::condition)
        .containsExactly(
            "inputs.credentials_json != ''", "inputs.workload_identity_provider != ''");
    assertThat(auth.get(0).with()).containsKey("credentials_json");
    assertThat(auth.get(1).with()).containsKeys("workload_identity_provider", "service_account");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("pipeline")
  void aPartRunsTheSameStepsAsTheWholePipeline(ActionFile part) {
    ActionFile whole = ActionFile.load("");
    for (ActionFile.Step step : part.runSteps()) {
      ActionFile.Step same =
          whole
              .step(step.id())
              .orElseThrow(() -> new AssertionError("action.yml has no step " + step.id()));
      // A part lives one directory down: its scripts and overlays are at $GITHUB_ACTION_PATH/../
      assertThat(step.run().replace("$GITHUB_ACTION_PATH/../", "$GITHUB_ACTION_PATH/"))
          .as("%s: %s", part, step.describe())
          .isEqualTo(same.run());
      assertThat(step.env().keySet())
          .as("%s: %s env", part, step.describe())
          .isEqualTo(same.env().keySet());
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("actions")
  void shellcheckFindsNothingInItsScripts(ActionFile action) throws Exception {
    for (ActionFile.Step step : action.runSteps()) {
      Path script = Files.createTempFile("step", ".sh");
      try {
        // The runner's `shell: bash` runs the script as bash -e {0}; the step's env: is set around
        // it.
        String exports =
            step.env().keySet().stream()
                .map(name -> name + "=\"\"\nexport " + name + "\n")
                .collect(Collectors.joining());
        Files.writeString(script, "#!/usr/bin/env bash\nset -e\n" + exports + step.run());
        assertThat(Shellcheck.check(script)).as("%s: %s", action, step.describe()).isEmpty();
      } finally {
        Files.delete(script);
      }
    }
  }
}
