package dev.tfsdeploy.pipeline;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;

/** Other JDKs on this machine, for the tests of what runs on them (the launcher's cache). */
final class Jdks {
  private Jdks() {}

  /**
   * A JDK of this feature release: TFS_DEPLOY_TEST_JDK25 (for 25), else one under /usr/lib/jvm
   * whose {@code release} file says so.
   */
  static Optional<Path> release(int feature) throws IOException {
    String named = System.getenv("TFS_DEPLOY_TEST_JDK" + feature);
    if (named != null && !named.isBlank()) {
      return Optional.of(Path.of(named));
    }
    Path jvms = Path.of("/usr/lib/jvm");
    if (!Files.isDirectory(jvms)) {
      return Optional.empty();
    }
    try (Stream<Path> homes = Files.list(jvms)) {
      return homes
          .filter(home -> Files.isExecutable(home.resolve("bin/java")))
          .filter(home -> isRelease(home, feature))
          .sorted()
          .findFirst();
    }
  }

  private static boolean isRelease(Path home, int feature) {
    try {
      return Files.readAllLines(home.resolve("release")).stream()
          .anyMatch(
              line ->
                  line.startsWith("JAVA_VERSION=\"" + feature + "\"")
                      || line.startsWith("JAVA_VERSION=\"" + feature + "."));
    } catch (IOException e) {
      return false;
    }
  }
}
