package dev.tfsdeploy.pipeline;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** The real shellcheck on this machine (.ci/run installs it with apt). */
final class Shellcheck {
  private static final Path BINARY = Path.of("/usr/bin/shellcheck");

  private Shellcheck() {}

  /** shellcheck's findings for a bash script, empty when there are none. */
  static String check(Path script) throws IOException, InterruptedException {
    if (!Files.isExecutable(BINARY)) {
      fail(BINARY + " is missing: install shellcheck (.ci/run does)");
    }
    Process process =
        new ProcessBuilder(BINARY.toString(), "--shell=bash", "--format=gcc", script.toString())
            .redirectErrorStream(true)
            .start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      fail("shellcheck did not finish");
    }
    return out.strip();
  }
}
