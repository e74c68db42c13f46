package dev.tfsdeploy.cluster.kubeconfig;

import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The command line that starts this very program again, with absolute paths so it works from any
 * working directory: {@code java -cp tfs-deploy.jar Main} from the fat jar, {@code java -cp ...
 * Main} when running from classes (tests, IDEs).
 */
public final class JavaLauncher {
  /**
   * Short-lived JVMs start faster with only the first JIT tier and no hsperfdata file; a token
   * fetch is one request.
   */
  static final List<String> JVM_OPTIONS =
      List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-XX:-UsePerfData");

  /**
   * Keeps the JVM's messages about a cache it cannot use (another jar or JDK build: it then starts
   * without one) off stdout, which kubectl reads.
   */
  static final List<String> QUIET_CACHE = List.of("-Xlog:aot*=off", "-Xlog:cds*=off");

  /** The first Java release that knows {@code -XX:AOTCache} (an unknown option is fatal). */
  static final int AOT_CACHE_RELEASE = 25;

  private JavaLauncher() {}

  /**
   * The command line that runs {@code mainClass}, to which the subcommand's arguments are appended.
   */
  public static List<String> commandFor(Class<?> mainClass) {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java").toAbsolutePath();
    Path codeSource = codeSource(mainClass);
    if (Files.isRegularFile(codeSource) && codeSource.toString().endsWith(".jar")) {
      return forJar(java, codeSource, mainClass.getName());
    }
    String classPath =
        String.join(
            File.pathSeparator,
            Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> !entry.isBlank())
                .map(entry -> Path.of(entry).toAbsolutePath().toString())
                .toList());
    List<String> line = new ArrayList<>(List.of(java.toString()));
    line.addAll(JVM_OPTIONS);
    line.addAll(List.of("-cp", classPath, mainClass.getName()));
    return List.copyOf(line);
  }

  /**
   * {@code java -cp JAR MAIN} (not {@code -jar}, which reads the fat jar's central directory once
   * more for its manifest), with the jar's ahead-of-time cache when install-cli.sh made one beside
   * it ({@code tfs-deploy.aot} beside {@code tfs-deploy.jar}) and this Java can read it: kubectl
   * starts this command for every token, and the cache spares each start loading and linking the
   * classes.
   */
  static List<String> forJar(Path java, Path jar, String mainClass) {
    return forJar(java, jar, mainClass, Runtime.version().feature());
  }

  static List<String> forJar(Path java, Path jar, String mainClass, int javaRelease) {
    List<String> line = new ArrayList<>(List.of(java.toString()));
    line.addAll(JVM_OPTIONS);
    Path cache = aotCache(jar);
    if (javaRelease >= AOT_CACHE_RELEASE && cacheMatches(jar, cache)) {
      line.add("-XX:AOTCache=" + cache);
      line.addAll(QUIET_CACHE);
    }
    line.addAll(List.of("-cp", jar.toString(), mainClass));
    return List.copyOf(line);
  }

  /**
   * Whether the cache was made for this jar: install-cli.sh gives a cache its jar's modification
   * time (aot_cache_matches there says why the JVM's own check is not enough).
   */
  static boolean cacheMatches(Path jar, Path cache) {
    try {
      return Files.isRegularFile(cache)
          && Files.getLastModifiedTime(cache).equals(Files.getLastModifiedTime(jar));
    } catch (IOException e) {
      return false;
    }
  }

  /** Where install-cli.sh puts the ahead-of-time cache of a jar: beside it, named {@code .aot}. */
  static Path aotCache(Path jar) {
    String name = jar.getFileName().toString();
    return jar.resolveSibling(name.substring(0, name.length() - ".jar".length()) + ".aot");
  }

  /** Where {@code mainClass} was loaded from: the jar, when run from one. */
  public static Path codeSource(Class<?> mainClass) {
    try {
      return Path.of(mainClass.getProtectionDomain().getCodeSource().getLocation().toURI())
          .toAbsolutePath();
    } catch (URISyntaxException | SecurityException | NullPointerException e) {
      throw new IllegalStateException(
          "cannot tell where " + mainClass.getName() + " was loaded from", e);
    }
  }
}
