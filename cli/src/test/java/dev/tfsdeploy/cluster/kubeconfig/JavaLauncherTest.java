package dev.tfsdeploy.cluster.kubeconfig;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JavaLauncherTest {
  static final Path JAVA = Path.of("/opt/java/bin/java");

  @TempDir Path dir;

  @Test
  void onJava25ItRunsTheJarWithTheAheadOfTimeCacheBesideIt() throws Exception {
    Path jar = Files.createFile(dir.resolve("tfs-deploy.jar"));
    Path cache = Files.createFile(dir.resolve("tfs-deploy.aot"));

    assertThat(JavaLauncher.forJar(JAVA, jar, 25))
        .containsExactly(
            "/opt/java/bin/java",
            "-XX:TieredStopAtLevel=1",
            "-XX:+UseSerialGC",
            "-XX:AOTCache=" + cache,
            "-Xlog:aot*=off",
            "-Xlog:cds*=off",
            "-jar",
            jar.toString());
  }

  @Test
  void beforeJava25TheCacheIsLeftOutForTheJvmWouldRefuseTheOption() throws Exception {
    Path jar = Files.createFile(dir.resolve("tfs-deploy.jar"));
    Files.createFile(dir.resolve("tfs-deploy.aot"));

    assertThat(JavaLauncher.forJar(JAVA, jar, 17))
        .containsExactly(
            "/opt/java/bin/java",
            "-XX:TieredStopAtLevel=1",
            "-XX:+UseSerialGC",
            "-jar",
            jar.toString());
  }

  @Test
  void runsTheJarAloneWhenNoCacheLiesBesideIt() throws Exception {
    Path jar = Files.createFile(dir.resolve("tfs-deploy.jar"));
    Files.createFile(dir.resolve("other.aot"));

    assertThat(JavaLauncher.forJar(JAVA, jar, 25))
        .containsExactly(
            "/opt/java/bin/java",
            "-XX:TieredStopAtLevel=1",
            "-XX:+UseSerialGC",
            "-jar",
            jar.toString());
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
            "-cp")
        .endsWith(JavaLauncher.class.getName())
        .noneMatch(arg -> arg.startsWith("-XX:AOTCache"));
  }
}
