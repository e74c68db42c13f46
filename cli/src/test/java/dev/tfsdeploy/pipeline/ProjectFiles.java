package dev.tfsdeploy.pipeline;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Files of this repository the tests use as a user would: the example model, the overlays, the
 * actions.
 */
final class ProjectFiles {
  static final Path ROOT =
      Path.of(System.getProperty("tfsdeploy.projectRoot", "..")).toAbsolutePath().normalize();
  static final Path EXAMPLE_MODEL = ROOT.resolve("examples/half_plus_two.tar.gz");
  static final Path KUBE_DIR = ROOT.resolve(".kube");
  static final String EXAMPLE_MODEL_NAME = "half_plus_two";

  private ProjectFiles() {}

  static Path experiment(String name) {
    Path dir = KUBE_DIR.resolve("experiments").resolve(name);
    if (!Files.isDirectory(dir)) {
      throw new AssertionError("no experiment " + dir);
    }
    return dir;
  }
}
