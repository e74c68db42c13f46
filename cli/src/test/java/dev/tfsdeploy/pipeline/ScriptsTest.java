package dev.tfsdeploy.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The shared scripts the actions call. */
class ScriptsTest {
  @Test
  void shellcheckFindsNothingInTheScripts() throws Exception {
    List<Path> scripts;
    try (Stream<Path> files = Files.list(ProjectFiles.ROOT.resolve("scripts"))) {
      scripts = files.filter(file -> file.toString().endsWith(".sh")).sorted().toList();
    }
    assertThat(scripts).isNotEmpty();
    for (Path script : scripts) {
      assertThat(Shellcheck.check(script)).as(script.toString()).isEmpty();
    }
  }

  @Test
  void installCliRefusesAnUnknownMode() throws IOException, InterruptedException {
    Run run = installCli(Path.of("."), "everything");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.output()).contains("usage: install-cli.sh release|build|aot|launcher DIR [JAR]");
  }

  @Test
  void installCliLauncherNeedsADirectoryAndABuiltJar() throws IOException, InterruptedException {
    assertThat(installCli(Path.of("."), "launcher"))
        .isEqualTo(new Run(2, "usage: install-cli.sh launcher DIR [JAR]\n"));
    assertThat(installCli(Path.of("."), "launcher", "bin", "/nonexistent/tfs-deploy.jar"))
        .isEqualTo(
            new Run(
                1,
                "no jar /nonexistent/tfs-deploy.jar: build it with ./mvnw -q -B -DskipTests"
                    + " package\n"));
  }

  record Run(int exitCode, String output) {}

  private static Run installCli(Path workingDirectory, String... args)
      throws IOException, InterruptedException {
    List<String> command =
        new ArrayList<>(
            List.of("bash", ProjectFiles.ROOT.resolve("scripts/install-cli.sh").toString()));
    command.addAll(List.of(args));
    Process process =
        new ProcessBuilder(command)
            .directory(workingDirectory.toFile())
            .redirectErrorStream(true)
            .start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    return new Run(process.waitFor(), out);
  }
}
