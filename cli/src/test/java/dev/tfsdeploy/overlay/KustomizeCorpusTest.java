package dev.tfsdeploy.overlay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tfsdeploy.UserError;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * kustomize's krusty-style tests, offline: each directory in {@code src/test/resources/kustomize/}
 * is a tiny kustomization exercising one feature, and the renderer's output must equal the {@code
 * kubectl kustomize} output checked in beside it byte for byte (or, where kubectl refuses the tree,
 * the renderer must refuse it too). {@link KustomizeCorpusIT} keeps those files true to kubectl.
 */
class KustomizeCorpusTest {
  static List<String> cases() {
    return KustomizeCorpus.cases(KustomizeCorpus.compiled());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void rendersExactlyAsKubectlKustomize(String name) {
    Path dir = KustomizeCorpus.compiled().resolve(name);
    KustomizeCorpus.Expected expected = KustomizeCorpus.Expected.of(dir);
    if (expected.refused()) {
      assertThatThrownBy(() -> Kustomization.load(dir).render(RenderOptions.DEFAULT))
          .as("kubectl refuses it (%s)", expected.errorPhrase())
          .isInstanceOf(UserError.class);
      return;
    }
    String actual = Kustomization.load(dir).render(RenderOptions.DEFAULT).yaml();
    if (!actual.equals(expected.yaml())) {
      keepForDiff(name, expected.yaml(), actual);
    }
    assertThat(actual).isEqualTo(expected.yaml());
  }

  /** Leaves both outputs under target/ so a failure can be inspected with diff. */
  static void keepForDiff(String name, String expected, String actual) {
    try {
      Path dir = Files.createDirectories(Path.of("target", "kustomize-diff"));
      Files.writeString(dir.resolve(name + ".expected.yaml"), expected);
      Files.writeString(dir.resolve(name + ".actual.yaml"), actual);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
