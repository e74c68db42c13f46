package dev.tfsdeploy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.cloud.tools.jib.api.ImageReference;
import dev.tfsdeploy.image.ImageNames;
import dev.tfsdeploy.image.WorkerImageRequest;
import org.junit.jupiter.api.Test;

/**
 * {@code loadtest worker-image}: what it refuses before building. WorkerImageIT pushes one to the
 * real registry and runs it.
 */
class LoadtestWorkerImageCommandTest {
  @Test
  void theDefaultBaseIsTemurinsJre17PinnedByDigest() {
    ImageReference base = ImageNames.parse(WorkerImageRequest.DEFAULT_BASE, "--worker-base");

    assertThat(base.getRepository()).isEqualTo("library/eclipse-temurin");
    assertThat(base.getTag()).contains("17-jre");
    assertThat(base.getDigest())
        .hasValueSatisfying(d -> assertThat(d).matches("sha256:[0-9a-f]{64}"));
  }

  @Test
  void aDigestInToIsRefusedInOneLine() {
    CommandRun run =
        CommandRun.of(
            "loadtest",
            "worker-image",
            "--to",
            "ghcr.io/my-org/tfs-deploy-worker@sha256:" + "a".repeat(64));

    assertThat(run.exitCode()).isNotZero();
    assertThat(run.stderr().strip())
        .startsWith("error: --to ghcr.io/my-org/tfs-deploy-worker@sha256:")
        .contains("names a digest")
        .contains("pass REGISTRY/REPOSITORY[:TAG]")
        .doesNotContain("\n");
  }

  @Test
  void anInvalidBaseIsNamedByItsOption() {
    CommandRun run =
        CommandRun.of(
            "loadtest",
            "worker-image",
            "--to",
            "127.0.0.1:1/tfs-deploy-worker",
            "--worker-base",
            "Not A Reference");

    assertThat(run.exitCode()).isNotZero();
    assertThat(run.stderr())
        .contains("--worker-base 'Not A Reference' is not a valid image reference");
  }

  @Test
  void aRegistryThatDoesNotResolveIsReportedAtOnce() {
    CommandRun run =
        CommandRun.of(
            "loadtest",
            "worker-image",
            "--to",
            "registry.invalid/tfs-deploy-worker",
            "--worker-base",
            "registry.invalid/jre:17");

    assertThat(run.exitCode()).isNotZero();
    assertThat(run.stderr()).contains("registry.invalid").doesNotContain("\tat ");
  }
}
