package dev.tfsdeploy.model;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * TensorFlow Serving's own test SavedModels and metadata, kept outside the project in {@code
 * ../shared/fixtures} as an independent check; tests that need them skip when absent.
 */
public final class ReferenceFixtures {
  private ReferenceFixtures() {}

  /** {@code <project root>/../shared/fixtures/tf-serving-testdata}, or the test is skipped. */
  public static Path tfServingTestdata() {
    String root = System.getProperty("tfsdeploy.projectRoot", System.getProperty("user.dir"));
    Path dir =
        Path.of(root)
            .resolve("../shared/fixtures/tf-serving-testdata")
            .toAbsolutePath()
            .normalize();
    assumeTrue(
        Files.isDirectory(dir), "TF Serving reference fixtures not found at " + dir + "; skipping");
    return dir;
  }

  public static Path halfPlusTwo() {
    return tfServingTestdata().resolve("saved_model_half_plus_two_cpu/00000123");
  }
}
