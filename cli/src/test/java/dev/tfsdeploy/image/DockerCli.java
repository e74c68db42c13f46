package dev.tfsdeploy.image;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The real Docker engine through its CLI: what a user would run against the built image. */
public final class DockerCli {
  private DockerCli() {}

  public record Result(int exitCode, String output) {}

  /** Runs {@code docker args...}; fails the test when it does not exit 0. */
  public static String docker(String... args) {
    Result result = run(args);
    if (result.exitCode() != 0) {
      throw new AssertionError(
          "docker "
              + String.join(" ", args)
              + " exited "
              + result.exitCode()
              + ":\n"
              + result.output());
    }
    return result.output();
  }

  public static Result run(String... args) {
    List<String> command = new ArrayList<>();
    command.add("docker");
    command.addAll(List.of(args));
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      byte[] output = process.getInputStream().readAllBytes();
      if (!process.waitFor(5, TimeUnit.MINUTES)) {
        process.destroyForcibly();
        throw new AssertionError("docker " + String.join(" ", args) + " timed out");
      }
      return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new AssertionError("cannot run docker", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  /** Removes an image if present, ignoring "no such image". */
  public static void removeImage(String reference) {
    run("image", "rm", "-f", reference);
  }
}
