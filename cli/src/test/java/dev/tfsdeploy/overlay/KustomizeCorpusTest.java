package dev.tfsdeploy.overlay;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * kustomize's krusty-style tests, with the real kustomize as the expected side: each directory in
 * {@code src/test/resources/kustomize/} is a tiny kustomization exercising one feature, and the
 * renderer's output must equal {@code kubectl kustomize} byte for byte.
 */
class KustomizeCorpusTest {
  static Path corpus() {
    try {
      return Path.of(KustomizeCorpusTest.class.getResource("/kustomize").toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  static Stream<String> cases() throws IOException {
    try (Stream<Path> dirs = Files.list(corpus())) {
      return dirs.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList().stream();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void rendersExactlyAsKubectlKustomize(String name) {
    Path dir = corpus().resolve(name);
    String expected = KubectlKustomize.render(dir);
    String actual = Kustomization.load(dir).render(RenderOptions.DEFAULT).yaml();
    if (!actual.equals(expected)) {
      keepForDiff(name, expected, actual);
    }
    assertThat(actual).isEqualTo(expected);
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
