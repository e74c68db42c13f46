package dev.tfsdeploy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tfsdeploy.UserError;
import dev.tfsdeploy.actions.ActionsEnvironment;
import dev.tfsdeploy.actions.Console;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

class MainTest {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private final Map<String, String> env = new HashMap<>();

  /** A subcommand that exercises the shared plumbing the real ones use. */
  @Command(name = "probe")
  static final class ProbeCommand extends StepCommand {
    @Option(names = "--repo")
    String repo;

    @Option(names = "--fail")
    boolean fail;

    @Option(names = "--crash")
    boolean crash;

    @Override
    public Integer call() {
      if (fail) {
        throw new UserError(
            "asset 'model.tgz' not found in release v1", "use one of: a.tgz, b.tgz");
      }
      if (crash) {
        throw new IllegalStateException("boom");
      }
      console().result(require(repo, "--repo"));
      return ExitCode.OK;
    }
  }

  private int run(String... args) {
    Console console =
        new Console(
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            new ActionsEnvironment(env),
            false);
    console.setDebug(java.util.Arrays.asList(args).contains("--debug"));
    return Main.commandLine(console, env, new ProbeCommand()).execute(args);
  }

  private String stdout() {
    return out.toString(StandardCharsets.UTF_8);
  }

  private String stderr() {
    return err.toString(StandardCharsets.UTF_8);
  }

  @Test
  void helpExitsZeroAndDocumentsExitCodes() {
    assertThat(run("--help")).isZero();
    assertThat(stdout()).contains("Usage: tfs-deploy").contains("Exit codes:");
  }

  @Test
  void versionComesFromTheBuild() {
    assertThat(run("--version")).isZero();
    assertThat(stdout().trim()).matches("tfs-deploy \\d+\\.\\d+\\.\\d+.*");
  }

  @Test
  void unknownOptionIsAUsageErrorWithExitCodeTwo() {
    assertThat(run("--bogus")).isEqualTo(ExitCode.USAGE);
    assertThat(stderr()).contains("error: Unknown option: '--bogus'");
  }

  @Test
  void noSubcommandIsAUsageError() {
    assertThat(run()).isEqualTo(ExitCode.USAGE);
    assertThat(stderr()).contains("a subcommand is required");
  }

  @Test
  void optionComesFromItsGenericEnvironmentVariable() {
    env.put("TFS_DEPLOY_REPO", "acme/models");
    assertThat(run("probe")).isZero();
    assertThat(stdout()).isEqualTo("acme/models\n");
  }

  @Test
  void optionComesFromThePredecessorsVariableName() {
    env.put("MODEL_RELEASE_REPO", "acme/legacy");
    assertThat(run("probe")).isZero();
    assertThat(stdout()).isEqualTo("acme/legacy\n");
  }

  @Test
  void commandLineWinsOverEnvironment() {
    env.put("MODEL_RELEASE_REPO", "acme/legacy");
    assertThat(run("probe", "--repo", "acme/cli")).isZero();
    assertThat(stdout()).isEqualTo("acme/cli\n");
  }

  @Test
  void missingOptionNamesTheOptionAndItsVariables() {
    assertThat(run("probe")).isEqualTo(ExitCode.USAGE);
    assertThat(stderr())
        .contains("missing --repo (or TFS_DEPLOY_REPO or MODEL_RELEASE_REPO)")
        .contains("see 'tfs-deploy probe --help'");
  }

  @Test
  void userErrorIsOneLineWithTheFixAndExitCodeOne() {
    assertThat(run("probe", "--fail")).isEqualTo(ExitCode.FAILURE);
    assertThat(stderr())
        .isEqualTo("error: asset 'model.tgz' not found in release v1 — use one of: a.tgz, b.tgz\n");
    assertThat(stdout()).isEmpty();
  }

  @Test
  void userErrorIsAnErrorAnnotationUnderActions() {
    env.put("GITHUB_ACTIONS", "true");
    assertThat(run("probe", "--fail")).isEqualTo(ExitCode.FAILURE);
    assertThat(stderr()).startsWith("::error::asset 'model.tgz' not found");
  }

  @Test
  void debugShowsTheStackTrace() {
    assertThat(run("--debug", "probe", "--fail")).isEqualTo(ExitCode.FAILURE);
    assertThat(stderr()).contains("at dev.tfsdeploy.cli.MainTest$ProbeCommand.call");
  }

  @Test
  void unexpectedExceptionIsReportedAsABugWithoutStackTrace() {
    assertThat(run("probe", "--crash")).isEqualTo(ExitCode.FAILURE);
    assertThat(stderr())
        .contains("internal error: java.lang.IllegalStateException: boom")
        .contains("--debug")
        .doesNotContain("\tat ");
  }

  @Test
  void aCommandLineThatNamesASubcommandGetsOnlyThatOneBuilt() {
    assertThat(Main.invoked(new String[] {"--debug", "build-image", "--image-tag", "v1"}))
        .containsExactly(BuildImageCommand.class);
  }

  @Test
  void theVersionAloneGetsNoSubcommandBuilt() {
    assertThat(Main.invoked(new String[] {"--version"})).isEmpty();
    assertThat(Main.invoked(new String[] {"--debug", "-V"})).isEmpty();
    assertThat(Main.invoked(new String[] {"--version", "--help"}))
        .isEqualTo(RootCommand.SUBCOMMANDS);
  }

  @Test
  void theVersionIsPrintedWithoutTheCommandTree() {
    Console console =
        new Console(
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            new ActionsEnvironment(env),
            false);

    assertThat(Main.run(new String[] {"--version"}, console, env)).isEqualTo(ExitCode.OK);
    assertThat(stdout()).contains(VersionProvider.version());
  }

  @Test
  void helpAndTyposGetTheWholeCommandTree() {
    assertThat(Main.invoked(new String[] {"--help"})).isEqualTo(RootCommand.SUBCOMMANDS);
    assertThat(Main.invoked(new String[] {"build-imag"})).isEqualTo(RootCommand.SUBCOMMANDS);
    assertThat(Main.invoked(new String[0])).isEqualTo(RootCommand.SUBCOMMANDS);
  }
}
