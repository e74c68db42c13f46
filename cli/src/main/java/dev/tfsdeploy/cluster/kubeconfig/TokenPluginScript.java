package dev.tfsdeploy.cluster.kubeconfig;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The command a kubeconfig from {@code setup} runs for a token: a shell script beside the {@link
 * TokenCache} that prints a valid cached credential itself and only otherwise starts {@code java
 * ... token} (the command it was written with). kubectl runs it for every command, and a JVM start
 * costs hundreds of milliseconds where reading the cache costs a few.
 */
public final class TokenPluginScript {
  static final String FILE_NAME = "tfs-deploy-token";

  private TokenPluginScript() {}

  /**
   * Writes the script for {@code javaCommand} (the command line that starts tfs-deploy) next to the
   * cache's directory and returns its path; it is rewritten every time, so a moved jar or Java is
   * picked up by the next {@code setup}.
   */
  public static Path write(TokenCache cache, List<String> javaCommand) {
    Path script = cache.dir().resolveSibling(FILE_NAME);
    String text =
        template()
            .replace("@CACHE_DIR@", quote(cache.dir().toString()))
            .replace(
                "@JAVA_COMMAND@",
                javaCommand.stream()
                    .map(TokenPluginScript::quote)
                    .collect(Collectors.joining(" ")));
    try {
      Files.createDirectories(
          script.getParent(),
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      Path temp =
          Files.createTempFile(
              script.getParent(),
              "." + FILE_NAME,
              ".tmp",
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      try {
        Files.writeString(temp, text, StandardCharsets.UTF_8);
        Files.move(
            temp, script, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } finally {
        Files.deleteIfExists(temp);
      }
      return script;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A word for bash: single-quoted, with single quotes closed, escaped and reopened. */
  static String quote(String word) {
    return "'" + word.replace("'", "'\\''") + "'";
  }

  private static String template() {
    try (InputStream in = TokenPluginScript.class.getResourceAsStream("token-plugin.sh")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
