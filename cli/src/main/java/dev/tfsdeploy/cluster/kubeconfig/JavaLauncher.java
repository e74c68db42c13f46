package dev.tfsdeploy.cluster.kubeconfig;

import java.io.File;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/**
 * The command line that starts this very program again, with absolute paths so it works from any
 * working directory: {@code java -jar tfs-deploy.jar} from the fat jar, {@code java -cp ... Main}
 * when running from classes (tests, IDEs).
 */
public final class JavaLauncher {
  /** Short-lived JVMs start faster with only the first JIT tier; a token fetch is one request. */
  static final List<String> JVM_OPTIONS = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");

  private JavaLauncher() {}

  /** The command line that runs {@code mainClass}, to which the subcommand's arguments are appended. */
  public static List<String> commandFor(Class<?> mainClass) {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toAbsolutePath().toString();
    Path codeSource = codeSource(mainClass);
    if (Files.isRegularFile(codeSource) && codeSource.toString().endsWith(".jar")) {
      return Stream.concat(
              Stream.concat(Stream.of(java), JVM_OPTIONS.stream()),
              Stream.of("-jar", codeSource.toString()))
          .toList();
    }
    String classPath =
        String.join(
            File.pathSeparator,
            Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> !entry.isBlank())
                .map(entry -> Path.of(entry).toAbsolutePath().toString())
                .toList());
    return Stream.concat(
            Stream.concat(Stream.of(java), JVM_OPTIONS.stream()),
            Stream.of("-cp", classPath, mainClass.getName()))
        .toList();
  }

  private static Path codeSource(Class<?> mainClass) {
    try {
      return Path.of(mainClass.getProtectionDomain().getCodeSource().getLocation().toURI()).toAbsolutePath();
    } catch (URISyntaxException | SecurityException | NullPointerException e) {
      throw new IllegalStateException("cannot tell where " + mainClass.getName() + " was loaded from", e);
    }
  }
}
