package dev.tfsdeploy.pipeline;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * This action's repository as install-cli.sh reaches it, laid out under a {@code file://} server
 * root exactly as on GitHub: {@code ROOT/OWNER/NAME} is a real git repository (for {@code git
 * ls-remote}) whose tags are what release.yml leaves (an annotated version tag and the major tag
 * moved onto the same commit), and {@code ROOT/OWNER/NAME/releases/download/TAG/} holds the
 * release's assets. The real git and curl read it; only the URL scheme differs from github.com.
 */
final class ActionRelease {
  final Path serverRoot;
  final String repository;

  ActionRelease(Path serverRoot, String repository) {
    this.serverRoot = serverRoot;
    this.repository = repository;
  }

  String serverUrl() {
    return serverRoot.toUri().toString().replaceAll("/$", "");
  }

  Path repositoryDir() {
    return serverRoot.resolve(repository);
  }

  /** A commit tagged {@code tags} (the first annotated, the others lightweight); returns its id. */
  String commit(String message, String... tags) throws Exception {
    Path git = repositoryDir();
    if (!Files.isDirectory(git)) {
      run(List.of("git", "init", "-q", "--bare", git.toString()));
    }
    String tree = run(List.of("git", "-C", git.toString(), "mktree"));
    String commit = run(List.of("git", "-C", git.toString(), "commit-tree", tree, "-m", message));
    run(List.of("git", "-C", git.toString(), "tag", "-a", "-m", tags[0], tags[0], commit));
    for (int i = 1; i < tags.length; i++) {
      run(List.of("git", "-C", git.toString(), "tag", "-f", tags[i], commit));
    }
    return commit;
  }

  /**
   * Attaches the jar and its SHA-256 file (sha256sum's format, as release.yml writes it) to release
   * {@code tag}.
   */
  void attachJar(String tag, Path jar, String sha256Line) throws IOException {
    Path dir = Files.createDirectories(repositoryDir().resolve("releases/download").resolve(tag));
    Files.createSymbolicLink(dir.resolve("tfs-deploy.jar"), jar);
    Files.writeString(dir.resolve("tfs-deploy.jar.sha256"), sha256Line);
  }

  static String sha256Line(Path jar) throws Exception {
    MessageDigest digest = MessageDigest.getInstance("SHA-256");
    try (var in = Files.newInputStream(jar)) {
      byte[] buffer = new byte[1 << 16];
      for (int n = in.read(buffer); n > 0; n = in.read(buffer)) {
        digest.update(buffer, 0, n);
      }
    }
    return HexFormat.of().formatHex(digest.digest()) + "  tfs-deploy.jar\n";
  }

  private static String run(List<String> command) throws Exception {
    ProcessBuilder builder = new ProcessBuilder(new ArrayList<>(command)).redirectErrorStream(true);
    builder
        .environment()
        .putAll(
            Map.of(
                "GIT_AUTHOR_NAME",
                "release",
                "GIT_AUTHOR_EMAIL",
                "release@example.com",
                "GIT_COMMITTER_NAME",
                "release",
                "GIT_COMMITTER_EMAIL",
                "release@example.com"));
    Process process = builder.start();
    process.getOutputStream().close();
    String out =
        new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
      throw new AssertionError(command + " failed: " + out);
    }
    return out;
  }
}
