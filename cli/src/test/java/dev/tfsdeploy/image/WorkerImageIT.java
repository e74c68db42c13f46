package dev.tfsdeploy.image;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.cloud.tools.jib.api.Containerizer;
import com.google.cloud.tools.jib.api.ImageReference;
import com.google.cloud.tools.jib.api.Jib;
import com.google.cloud.tools.jib.api.RegistryImage;
import com.google.cloud.tools.jib.api.buildplan.AbsoluteUnixPath;
import com.google.cloud.tools.jib.api.buildplan.FileEntriesLayer;
import com.google.cloud.tools.jib.api.buildplan.FilePermissions;
import dev.tfsdeploy.loadtest.LoadResult;
import dev.tfsdeploy.loadtest.PredictServer;
import dev.tfsdeploy.loadtest.ResultFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;

/**
 * The load workers' image: built by Jib from the packaged jar onto a JRE base in the real test
 * registry, pulled and run by the real Docker engine (host network) as a worker against a loopback
 * TF Serving. Nothing can be pulled here, so the JRE base is this JDK's own runtime (jlink) with
 * the host's C libraries it needs, pushed to the registry first.
 */
@Testcontainers
class WorkerImageIT {
  @Container static final TestRegistry registry = new TestRegistry();

  @TempDir Path dir;

  @Test
  void theWorkerImageRunsAWorkersShareAndPrintsItsResultLast() throws Exception {
    Path jar = jar();
    ImageReference base = pushJreBase();
    String image =
        new WorkerImageBuilder(
                RegistryCredentials.fromEnvironment(Map.of()), ImageBuildListener.NONE, "test")
            .build(
                new WorkerImageRequest(
                    base,
                    jar,
                    ImageReference.parse(registry.address() + "/tfs-deploy-worker:test"),
                    true));
    Files.writeString(dir.resolve("request.json"), "{\"instances\": [[1.0], [2.0]]}");
    try (PredictServer server = new PredictServer("half_plus_two")) {
      DockerCli.docker("pull", image);
      String output =
          DockerCli.docker(
              "run",
              "--rm",
              "--network",
              "host",
              "-v",
              dir + ":/request:ro",
              image,
              "loadtest",
              "--url",
              server.url(),
              "--model-name",
              "half_plus_two",
              "--request",
              "/request/request.json",
              "--workers",
              "2",
              "--worker-index",
              "1",
              "--concurrency",
              "4",
              "--requests",
              "41");

      List<String> lines = output.lines().filter(line -> !line.isBlank()).toList();
      LoadResult result = ResultFiles.parseLine(lines.get(lines.size() - 1), "the worker");
      assertThat(result.requests()).isEqualTo(20);
      assertThat(result.successes()).isEqualTo(20);
      assertThat(result.concurrency()).isEqualTo(2);
      assertThat(result.histograms().latency().getTotalCount()).isEqualTo(20);
    } finally {
      DockerCli.removeImage(image);
    }
  }

  @Test
  void theWorkerImageCommandPushesTheJarTaggedWithTheVersionAndPrintsItByDigest() throws Exception {
    ImageReference base = pushJreBase();
    String repository = registry.address() + "/tfs-deploy-worker";
    Process command =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar",
                jar().toString(),
                "loadtest",
                "worker-image",
                "--to",
                repository,
                "--worker-base",
                base.toString(),
                "--insecure-registry")
            .redirectError(dir.resolve("stderr.txt").toFile())
            .start();
    String stdout =
        new String(command.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    assertThat(command.waitFor()).as(Files.readString(dir.resolve("stderr.txt"))).isZero();

    assertThat(stdout).matches(Pattern.quote(repository) + "@sha256:[0-9a-f]{64}");
    String byVersion = repository + ":0.1.0-SNAPSHOT";
    DockerCli.docker("pull", byVersion);
    try {
      assertThat(
              DockerCli.docker("image", "inspect", "--format", "{{json .RepoDigests}}", byVersion))
          .contains(stdout);
      assertThat(
              DockerCli.docker(
                      "image",
                      "inspect",
                      "--format",
                      "{{json .Config.Entrypoint}} {{index .Config.Labels"
                          + " \"org.opencontainers.image.title\"}}",
                      byVersion)
                  .trim())
          .isEqualTo("[\"java\",\"-jar\",\"/app/tfs-deploy.jar\"] tfs-deploy load worker");
    } finally {
      DockerCli.removeImage(byVersion);
    }
  }

  private static Path jar() {
    return Path.of(System.getProperty("tfsdeploy.jar", "target/tfs-deploy.jar")).toAbsolutePath();
  }

  /** This JDK's runtime and the C libraries it links, as an image with java on its PATH. */
  private ImageReference pushJreBase() throws Exception {
    Path jre = dir.resolve("jre");
    Path jlink = Path.of(System.getProperty("java.home"), "bin", "jlink");
    run(
        jlink.toString(),
        "--add-modules",
        "java.se,jdk.crypto.ec,jdk.unsupported,jdk.zipfs",
        "--strip-debug",
        "--no-header-files",
        "--no-man-pages",
        "--output",
        jre.toString());
    FileEntriesLayer.Builder runtime = FileEntriesLayer.builder().setName("jre");
    try (Stream<Path> files = Files.walk(jre)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        runtime.addEntry(
            file,
            AbsoluteUnixPath.get("/opt/java/openjdk/" + jre.relativize(file)),
            Files.isExecutable(file)
                ? FilePermissions.fromOctalString("755")
                : FilePermissions.DEFAULT_FILE_PERMISSIONS);
      }
    }
    FileEntriesLayer.Builder libraries = FileEntriesLayer.builder().setName("libc");
    for (String library : linkedLibraries(jre)) {
      // The file a link names, under the link's own path: what the loader opens.
      libraries.addEntry(
          Path.of(library).toRealPath(),
          AbsoluteUnixPath.get(library),
          FilePermissions.fromOctalString("755"));
    }
    ImageReference base = ImageReference.parse(registry.address() + "/jre:17");
    Jib.fromScratch()
        .addFileEntriesLayer(runtime.build())
        .addFileEntriesLayer(libraries.build())
        .addFileEntriesLayer(
            FileEntriesLayer.builder()
                .addEntry(
                    Files.writeString(dir.resolve("tmp-keep"), ""),
                    AbsoluteUnixPath.get("/tmp/.keep"))
                .build())
        .setEnvironment(Map.of("PATH", "/opt/java/openjdk/bin:/usr/bin:/bin"))
        .containerize(Containerizer.to(RegistryImage.named(base)).setAllowInsecureRegistries(true));
    return base;
  }

  /** The system libraries {@code ldd} says the runtime's launcher and libraries load. */
  private static Set<String> linkedLibraries(Path jre) throws IOException {
    Set<String> libraries = new TreeSet<>();
    try (Stream<Path> files = Files.walk(jre)) {
      for (Path file :
          files
              .filter(f -> f.toString().endsWith(".so") || f.endsWith(jre.resolve("bin/java")))
              .toList()) {
        for (String line : run("ldd", file.toString()).split("\n")) {
          String path = line.contains("=>") ? line.split("=>")[1].trim() : line.trim();
          path = path.replaceFirst(" \\(0x[0-9a-f]+\\)$", "");
          // The runtime's own libraries are in its layer already.
          if (path.startsWith("/") && !Path.of(path).normalize().startsWith(jre)) {
            libraries.add(Path.of(path).normalize().toString());
          }
        }
      }
    }
    return libraries;
  }

  private static String run(String... command) throws IOException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    try {
      if (process.waitFor() != 0) {
        throw new AssertionError(String.join(" ", command) + " failed:\n" + output);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
    return output;
  }
}
