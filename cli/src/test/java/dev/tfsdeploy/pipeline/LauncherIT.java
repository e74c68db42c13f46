package dev.tfsdeploy.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code install-cli.sh launcher DIR}: the laptop's {@code tfs-deploy}, with the jar's
 * ahead-of-time cache when the JDK is 25+ (made once here: its training run takes seconds).
 */
class LauncherIT {
  /** What the JVM logs for the CLI's main class when it came from the cache. */
  static final String MAIN_FROM_CACHE = "dev.tfsdeploy.cli.Main source: shared objects file";

  static final Path JAR =
      Path.of(System.getProperty("tfsdeploy.jar", "target/tfs-deploy.jar")).toAbsolutePath();

  @TempDir static Path shared;
  @TempDir Path temp;

  static Path java25;
  static Path cached;
  static Run install25;

  @BeforeAll
  static void installOnJava25() throws Exception {
    assertThat(JAR).as("the fat jar; `./mvnw verify` packages it first").isRegularFile();
    Optional<Path> found = Jdks.release(25);
    if (found.isPresent()) {
      java25 = found.get().resolve("bin/java");
      cached = shared.resolve("bin");
      install25 = install(cached, Map.of("TFS_DEPLOY_JAVA", java25.toString()));
    }
  }

  @Test
  void theLauncherStartsTheMainClassTheJarsManifestNames() throws Exception {
    Path dir = temp.resolve("bin");
    assertThat(install(dir, Map.of("JAVA_HOME", System.getProperty("java.home"))).exitCode())
        .isZero();
    String mainClass;
    try (JarFile jar = new JarFile(JAR.toFile())) {
      mainClass = jar.getManifest().getMainAttributes().getValue(Attributes.Name.MAIN_CLASS);
    }

    assertThat(Files.readString(dir.resolve("tfs-deploy")))
        .contains(" -cp " + dir.resolve("tfs-deploy.jar") + " " + mainClass + " \"$@\"")
        .doesNotContain("-jar");
  }

  @Test
  void onJava17TheLauncherStartsTheJarAndMakesNoCache() throws Exception {
    Path dir = temp.resolve("bin");
    Run run = install(dir, Map.of("JAVA_HOME", System.getProperty("java.home")));

    assertThat(run.exitCode()).as(run.stderr()).isZero();
    assertThat(run.stderr())
        .contains("no ahead-of-time cache:", "the cache needs 25+")
        .contains(dir + "/tfs-deploy: tfs-deploy ");
    assertThat(listing(dir)).containsExactly("tfs-deploy", "tfs-deploy.jar");
    Run version = launch(List.of(dir.resolve("tfs-deploy").toString(), "--version"), Map.of());
    assertThat(version.stdout()).startsWith("tfs-deploy ").endsWith("\n");
    assertThat(version.stderr()).isEmpty();
  }

  @Test
  void onJava25TheLauncherStartsFromTheCacheItsTrainingMade() throws Exception {
    requireJava25();
    assertThat(install25.exitCode()).as(install25.stderr()).isZero();
    assertThat(install25.stderr()).containsPattern("ahead-of-time cache \\S+ made in \\d+ s");
    assertThat(listing(cached)).containsExactly("tfs-deploy", "tfs-deploy.aot", "tfs-deploy.jar");

    assertThat(classSource(cached, "--version")).contains(MAIN_FROM_CACHE);
  }

  @Test
  void installingTheSameJarAgainKeepsTheCache() throws Exception {
    requireJava25();
    FileTime made = Files.getLastModifiedTime(cached.resolve("tfs-deploy.aot"));

    Run again = install(cached, Map.of("TFS_DEPLOY_JAVA", java25.toString()));

    assertThat(again.stderr())
        .contains("ahead-of-time cache " + cached + "/tfs-deploy.aot: up to date");
    assertThat(Files.getLastModifiedTime(cached.resolve("tfs-deploy.aot"))).isEqualTo(made);
  }

  @Test
  void installingAnotherJarMakesANewCache() throws Exception {
    requireJava25();
    Path dir = temp.resolve("bin");
    Files.createDirectories(dir);
    for (String file : List.of("tfs-deploy", "tfs-deploy.jar", "tfs-deploy.aot")) {
      Files.copy(cached.resolve(file), dir.resolve(file), StandardCopyOption.COPY_ATTRIBUTES);
    }
    // A rebuilt jar: the same classes and one more entry. JDK 25 itself accepted the old cache
    // with it, so install-cli.sh once kept that cache as "up to date".
    Path rebuilt = temp.resolve("rebuilt/tfs-deploy.jar");
    Files.createDirectories(rebuilt.getParent());
    try (ZipFile original = new ZipFile(JAR.toFile());
        ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(rebuilt))) {
      for (ZipEntry entry : Collections.list(original.entries())) {
        out.putNextEntry(new ZipEntry(entry.getName()));
        original.getInputStream(entry).transferTo(out);
      }
      out.putNextEntry(new ZipEntry("rebuilt.txt"));
    }

    Run reinstall = install(dir, rebuilt, Map.of("TFS_DEPLOY_JAVA", java25.toString()));

    assertThat(reinstall.exitCode()).as(reinstall.stderr()).isZero();
    assertThat(reinstall.stderr())
        .containsPattern("ahead-of-time cache \\S+ made in \\d+ s")
        .doesNotContain("up to date");
    assertThat(classSource(dir, "--version")).contains(MAIN_FROM_CACHE);
  }

  @Test
  void aStaleOrForeignCacheIsIgnoredWithoutAWord() throws Exception {
    requireJava25();
    Path dir = temp.resolve("bin");
    Files.createDirectories(dir);
    for (String file : List.of("tfs-deploy", "tfs-deploy.jar", "tfs-deploy.aot")) {
      // Time stamps kept: the jar's is part of what the cache checks (its directory is not).
      Files.copy(cached.resolve(file), dir.resolve(file), StandardCopyOption.COPY_ATTRIBUTES);
    }
    // The launcher names its own files: point a copy of it at the copies.
    String launcher = Files.readString(cached.resolve("tfs-deploy"));
    Files.writeString(
        dir.resolve("tfs-deploy"), launcher.replace(cached.toString(), dir.toString()));
    String version =
        launch(List.of(dir.resolve("tfs-deploy").toString(), "--version"), Map.of()).stdout();
    assertThat(classSource(dir, "--version")).contains(MAIN_FROM_CACHE);

    // Another jar (a rebuilt one: its time stamp is part of what the cache checks)...
    Path jar = dir.resolve("tfs-deploy.jar");
    Files.setLastModifiedTime(
        jar, FileTime.from(Files.getLastModifiedTime(jar).toInstant().plusSeconds(60)));
    assertStartsWithoutTheCache(dir, version);
    // ...and bytes that are no cache at all (another JDK's, or a truncated one).
    Files.write(dir.resolve("tfs-deploy.aot"), new byte[4096]);
    assertStartsWithoutTheCache(dir, version);
  }

  private void assertStartsWithoutTheCache(Path dir, String version) throws Exception {
    Run plain = launch(List.of(dir.resolve("tfs-deploy").toString(), "--version"), Map.of());
    assertThat(plain.exitCode()).isZero();
    assertThat(plain.stdout()).isEqualTo(version);
    assertThat(plain.stderr()).isEmpty();
    assertThat(classSource(dir, "--version"))
        .contains("dev.tfsdeploy.cli.Main source: file:")
        .doesNotContain(MAIN_FROM_CACHE);
  }

  private static void requireJava25() {
    assumeThat(java25)
        .as("a JDK 25 (TFS_DEPLOY_TEST_JDK25, or one in /usr/lib/jvm) for the cache")
        .isNotNull();
  }

  /** The JVM's class-load log of a launcher run. */
  private String classSource(Path dir, String... args) throws Exception {
    Path log = temp.resolve("class-load-" + System.nanoTime() + ".log");
    List<String> command = new ArrayList<>(List.of(dir.resolve("tfs-deploy").toString()));
    command.addAll(List.of(args));
    Run run = launch(command, Map.of("JAVA_TOOL_OPTIONS", "-Xlog:class+load:file=" + log));
    assertThat(run.exitCode()).as(run.stderr()).isZero();
    return Files.readString(log);
  }

  private static List<String> listing(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(file -> file.getFileName().toString()).sorted().toList();
    }
  }

  private static Run install(Path dir, Map<String, String> env) throws Exception {
    return install(dir, JAR, env);
  }

  private static Run install(Path dir, Path jar, Map<String, String> env) throws Exception {
    return launch(
        List.of(
            "bash",
            ProjectFiles.ROOT.resolve("scripts/install-cli.sh").toString(),
            "launcher",
            dir.toString(),
            jar.toString()),
        env);
  }

  record Run(int exitCode, String stdout, String stderr) {}

  private static Run launch(List<String> command, Map<String, String> env) throws Exception {
    Path stderr = Files.createTempFile("launcher-it", ".txt");
    try {
      ProcessBuilder builder = new ProcessBuilder(command).redirectError(stderr.toFile());
      builder.environment().clear();
      builder.environment().put("PATH", "/usr/bin:/bin");
      builder.environment().putAll(env);
      Process process = builder.start();
      process.getOutputStream().close();
      String stdout = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("%s finished", command).isTrue();
      return new Run(process.exitValue(), stdout, Files.readString(stderr));
    } finally {
      Files.delete(stderr);
    }
  }
}
