package dev.tfsdeploy.overlay;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** The oracle: the real {@code kubectl kustomize} (kustomize v5) on this machine. */
public final class KubectlKustomize {
  private KubectlKustomize() {}

  /** What kubectl kustomize prints for a directory; fails the test if kubectl rejects it. */
  public static String render(Path directory) {
    Result result = run(directory);
    if (result.exitCode != 0) {
      fail("kubectl kustomize " + directory + " failed: " + result.stderr);
    }
    return result.stdout;
  }

  public record Result(int exitCode, String stdout, String stderr) {}

  /** What kubectl kustomize prints and exits with for a directory, failure included. */
  public static Result run(Path directory) {
    Path kubectl = locate();
    try {
      Path out = Files.createTempFile("kustomize-out", ".yaml");
      Path err = Files.createTempFile("kustomize-err", ".txt");
      try {
        Process process =
            new ProcessBuilder(kubectl.toString(), "kustomize", directory.toString())
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
          process.destroyForcibly();
          fail("kubectl kustomize " + directory + " did not finish in 60 s");
        }
        return new Result(
            process.exitValue(),
            Files.readString(out, StandardCharsets.UTF_8),
            Files.readString(err, StandardCharsets.UTF_8));
      } finally {
        Files.deleteIfExists(out);
        Files.deleteIfExists(err);
      }
    } catch (IOException e) {
      throw new AssertionError("cannot run kubectl: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  private static Path locate() {
    for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
      Path candidate = Path.of(dir, "kubectl");
      if (Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    return fail(
        "kubectl is not installed: the renderer's differential tests compare against the real"
            + " `kubectl kustomize` (kubectl >= 1.27 with kustomize v5); install kubectl (.ci/run"
            + " does)");
  }
}
