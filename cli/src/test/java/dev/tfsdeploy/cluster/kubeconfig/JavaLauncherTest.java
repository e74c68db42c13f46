package dev.tfsdeploy.cluster.kubeconfig;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JavaLauncherTest {
  static final Path JAVA = Path.of("/opt/java/bin/java");
  static final String MAIN = "dev.tfsdeploy.cli.Main";

  @TempDir Path dir;

  @Test
  void onJava25ItRunsTheJarsMainClassWithTheAheadOfTimeCacheBesideIt() throws Exception {
    Path jar = Files.createFile(dir.resolve("tfs-deploy.jar"));
    Path cache = Files.createFile(dir.resolve("tfs-deploy.aot"));
    Files.setLastModifiedTime(cache, Files.getLastModifiedTime(jar));

    assertThat(JavaLauncher.forJar(JAVA, jar, MAIN, 25))
        .containsExactly(
            "/opt/java/bin/java",
            "-XX:TieredStopAtLevel=1",
            "-XX:+UseSerialGC",
            "-XX:-UsePerfData",
            "-XX:AOTCache=" + cache,
            "-Xlog:aot*=off",
            "-Xlog:cds*=off",
            "-cp",
            jar.toString(),
            MAIN);
  }

  @Test
  void beforeJava25TheCacheIsLeftOutForTheJvmWouldRefuseTheOption() throws Exception {
    Path jar = Files.createFile(dir.resolve("tfs-deploy.jar"));
    Files.createFile(dir.resolve("tfs-deploy.aot"));

    assertThat(JavaLauncher.forJar(JAVA, jar, MAIN, 17))
        .containsExactly(
            "/opt/java/bin/java",
            "-XX:TieredStopAtLevel=1",
            "-XX:+UseSerialGC",
            "-XX:-UsePerfData",
            "-cp",
            jar.toString(),
            MAIN);
  }

  @Test
  void runsTheJarAloneWhenNoCacheLiesBesideIt() throws Exception {
    Path jar = Files.createFile(dir.resolve("tfs-deploy.jar"));
    Files.createFile(dir.resolve("other.aot"));

    assertThat(JavaLauncher.forJar(JAVA, jar, MAIN, 25))
        .containsExactly(
            "/opt/java/bin/java",
            "-XX:TieredStopAtLevel=1",
            "-XX:+UseSerialGC",
            "-XX:-UsePerfData",
            "-cp",
            jar.toString(),
            MAIN);
  }

  @Test
  void aCacheWhoseTimeIsNotItsJarsIsLeftOut() throws Exception {
    // A jar replaced after its cache was made: the JVM might run the cache's classes beside it.
    Path jar = Files.createFile(dir.resolve("tfs-deploy.jar"));
    Path cache = Files.createFile(dir.resolve("tfs-deploy.aot"));
    Files.setLastModifiedTime(jar, FileTime.fromMillis(946_684_800_000L));
    Files.setLastModifiedTime(cache, FileTime.fromMillis(946_684_801_000L));

    assertThat(JavaLauncher.forJar(JAVA, jar, MAIN, 25)).doesNotContain("-XX:AOTCache=" + cache);
  }

  @Test
  void theCacheOfAJarIsItsNameWithAotInTheSameDirectory() {
    assertThat(
            JavaLauncher.aotCache(
                Path.of("/runner/_temp/tfs-deploy-cli/release-v1.2.3/tfs-deploy.jar")))
        .isEqualTo(Path.of("/runner/_temp/tfs-deploy-cli/release-v1.2.3/tfs-deploy.aot"));
  }

  @Test
  void fromClassesItRunsTheMainClassOnThisClassPath() {
    assertThat(JavaLauncher.commandFor(JavaLauncher.class))
        .startsWith(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-XX:TieredStopAtLevel=1",
            "-XX:+UseSerialGC",
            "-XX:-UsePerfData",
            "-cp")
        .endsWith(JavaLauncher.class.getName())
        .noneMatch(arg -> arg.startsWith("-XX:AOTCache"));
  }
}
