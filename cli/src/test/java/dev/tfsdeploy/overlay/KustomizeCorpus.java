package dev.tfsdeploy.overlay;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The offline corpus: each directory under {@code src/test/resources/kustomize/} is a kustomization
 * exercising one feature, with what {@code kubectl kustomize} made of it checked in beside it:
 * {@value #EXPECTED_YAML} (its output) or, for a tree kubectl refuses, {@value #EXPECTED_ERROR} (a
 * key phrase of its error). {@link KustomizeCorpusIT} checks those files against the live kubectl
 * and regenerates them.
 */
final class KustomizeCorpus {
  static final String EXPECTED_YAML = "expected.yaml";
  static final String EXPECTED_ERROR = "expected.err";

  private KustomizeCorpus() {}

  /** The corpus as the tests see it (copied to target/test-classes). */
  static Path compiled() {
    try {
      return Path.of(KustomizeCorpus.class.getResource("/kustomize").toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The checked-in corpus, where regenerated expected files go. */
  static Path source() {
    return Path.of(System.getProperty("tfsdeploy.projectRoot", ".."))
        .resolve("cli/src/test/resources/kustomize")
        .toAbsolutePath()
        .normalize();
  }

  static List<String> cases(Path corpus) {
    try (Stream<Path> dirs = Files.list(corpus)) {
      return dirs.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** kubectl's verdict on a case as checked in: its output, or the key phrase of its error. */
  record Expected(String yaml, String errorPhrase) {
    static Expected of(Path caseDir) {
      try {
        Path yaml = caseDir.resolve(EXPECTED_YAML);
        Path error = caseDir.resolve(EXPECTED_ERROR);
        if (Files.exists(yaml) == Files.exists(error)) {
          throw new IllegalStateException(
              caseDir
                  + " needs exactly one of "
                  + EXPECTED_YAML
                  + " and "
                  + EXPECTED_ERROR
                  + "; generate it with KustomizeCorpusIT (see its javadoc)");
        }
        return Files.exists(yaml)
            ? new Expected(Files.readString(yaml), null)
            : new Expected(null, Files.readString(error).strip());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    boolean refused() {
      return yaml == null;
    }
  }
}
