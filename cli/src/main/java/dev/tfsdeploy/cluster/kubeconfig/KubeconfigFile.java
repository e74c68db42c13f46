package dev.tfsdeploy.cluster.kubeconfig;

import dev.tfsdeploy.UserError;
import dev.tfsdeploy.files.OutputPaths;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.Optional;
import java.util.function.Function;

/**
 * Reads and writes kubeconfig files: private (mode 0600) and atomic, so a reader never sees half a
 * file and a failure leaves the old file as it was.
 */
public final class KubeconfigFile {
  private KubeconfigFile() {}

  /**
   * Where kubectl would look: the first entry of {@code KUBECONFIG}, else {@code ~/.kube/config}.
   */
  public static Path defaultPath(Function<String, Optional<String>> env) {
    Optional<Path> fromEnv =
        env.apply("KUBECONFIG")
            .flatMap(
                list ->
                    Arrays.stream(list.split(File.pathSeparator))
                        .filter(entry -> !entry.isBlank())
                        .findFirst())
            .map(Path::of);
    if (fromEnv.isPresent()) {
      return fromEnv.get().toAbsolutePath().normalize();
    }
    String home =
        env.apply("HOME")
            .orElseThrow(
                () ->
                    new UserError("neither KUBECONFIG nor HOME is set", "pass --kubeconfig PATH"));
    return Path.of(home, ".kube", "config").toAbsolutePath().normalize();
  }

  /** The kubeconfig at {@code path}, or an empty one when there is no file yet. */
  public static Kubeconfig read(Path path) {
    if (Files.isDirectory(path)) {
      throw new UserError(
          "kubeconfig path " + path + " is a directory", "pass a file path to --kubeconfig");
    }
    try {
      return Kubeconfig.parse(Files.readString(path, StandardCharsets.UTF_8), path.toString());
    } catch (NoSuchFileException e) {
      return Kubeconfig.empty();
    } catch (IOException e) {
      throw new UserError(
          "cannot read kubeconfig " + path + ": " + e.getMessage(),
          "check its permissions or pass --kubeconfig",
          e);
    }
  }

  /** Replaces {@code path} with the kubeconfig in one step, readable only by its owner. */
  public static void write(Path path, Kubeconfig kubeconfig) {
    Path target = resolveLinks(path);
    Path dir = target.toAbsolutePath().getParent();
    Path temp = null;
    try {
      Files.createDirectories(dir);
      temp = createPrivateTemp(dir, target.getFileName().toString());
      Files.writeString(temp, kubeconfig.toYaml(), StandardCharsets.UTF_8);
      try {
        Files.move(
            temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw new UserError(
          "cannot write kubeconfig " + path + ": " + e,
          "check the directory's permissions or pass --kubeconfig",
          e);
    } finally {
      if (temp != null) {
        try {
          Files.deleteIfExists(temp);
        } catch (IOException ignored) {
          // The move succeeded or the error above is the one worth reporting.
        }
      }
    }
  }

  /** A symlinked kubeconfig (dotfile managers do that) is updated where it points. */
  private static Path resolveLinks(Path path) {
    return OutputPaths.file(path, "kubeconfig " + path);
  }

  private static Path createPrivateTemp(Path dir, String name) throws IOException {
    if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
      return Files.createTempFile(
          dir,
          "." + name,
          ".tmp",
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    }
    return Files.createTempFile(dir, "." + name, ".tmp");
  }
}
