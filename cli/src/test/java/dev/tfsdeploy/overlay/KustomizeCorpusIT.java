package dev.tfsdeploy.overlay;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Keeps the offline corpus ({@link KustomizeCorpusTest}) true to the real {@code kubectl
 * kustomize}: each case's checked-in {@code expected.yaml} must be exactly what kubectl prints for
 * it, and each {@code expected.err} a phrase of the error kubectl refuses it with.
 *
 * <p>After adding a case, or moving to another kubectl, regenerate the expected files in {@code
 * cli/src/test/resources/kustomize} with
 *
 * <pre>
 * ./mvnw -B verify -pl cli -Dit.test=KustomizeCorpusIT -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dtfsdeploy.regenerateCorpus=true
 * </pre>
 *
 * and review the diff: a case kubectl renders gets {@code expected.yaml}; one it refuses gets
 * {@code expected.err} with the last line of kubectl's error (an existing phrase is kept while
 * kubectl still says it; shorten a new one to the part that names the problem).
 */
class KustomizeCorpusIT {
  private static final boolean REGENERATE = Boolean.getBoolean("tfsdeploy.regenerateCorpus");

  static List<String> cases() {
    return KustomizeCorpus.cases(KustomizeCorpus.source());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void expectedFilesAreWhatKubectlKustomizePrints(String name) throws IOException {
    Path dir = KustomizeCorpus.source().resolve(name);
    KubectlKustomize.Result kubectl = KubectlKustomize.run(dir);
    if (REGENERATE) {
      regenerate(dir, kubectl);
    }
    KustomizeCorpus.Expected expected = KustomizeCorpus.Expected.of(dir);
    if (expected.refused()) {
      assertThat(kubectl.exitCode()).as("kubectl refuses %s", name).isNotZero();
      assertThat(kubectl.stderr()).contains(expected.errorPhrase());
    } else {
      assertThat(kubectl.exitCode()).as("kubectl renders %s: %s", name, kubectl.stderr()).isZero();
      assertThat(kubectl.stdout()).isEqualTo(expected.yaml());
    }
  }

  private static void regenerate(Path dir, KubectlKustomize.Result kubectl) throws IOException {
    Path yaml = dir.resolve(KustomizeCorpus.EXPECTED_YAML);
    Path error = dir.resolve(KustomizeCorpus.EXPECTED_ERROR);
    if (kubectl.exitCode() == 0) {
      Files.deleteIfExists(error);
      Files.writeString(yaml, kubectl.stdout());
      return;
    }
    Files.deleteIfExists(yaml);
    if (Files.exists(error) && kubectl.stderr().contains(Files.readString(error).strip())) {
      return;
    }
    List<String> lines = kubectl.stderr().strip().lines().toList();
    Files.writeString(error, lines.get(lines.size() - 1).strip() + "\n");
  }
}
