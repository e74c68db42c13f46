package dev.tfsdeploy.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The class list against the jar it is for: ClassListTest resolves the classes on the test class
 * path, which also holds what only tests use (the mock API server's Vert.x, say); here only the
 * built jar and the JDK count.
 */
class ClassListIT {
  @Test
  void nearlyAllItsClassesAreInTheBuiltJarOrTheJdk() throws IOException {
    Path jar =
        Path.of(System.getProperty("tfsdeploy.jar", "target/tfs-deploy.jar")).toAbsolutePath();
    List<String> classes = ClassListTest.classes();
    try (URLClassLoader cli =
        new URLClassLoader(new URL[] {jar.toUri().toURL()}, ClassLoader.getPlatformClassLoader())) {
      List<String> missing =
          classes.stream().filter(name -> cli.getResource(name + ".class") == null).toList();

      assertThat(missing.size())
          .as(
              "%s is %s; missing from %s: %s",
              ClassListTest.LIST, ClassListTest.REGENERATE, jar, missing)
          .isLessThanOrEqualTo(classes.size() / 50);
    }
  }
}
