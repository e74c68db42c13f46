package dev.tfsdeploy.cluster.kubeconfig;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tfsdeploy.UserError;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KubeconfigFileTest {
  @TempDir Path dir;

  @Test
  void theDefaultIsTheFirstNonEmptyKubeconfigEntryElseHomesKubeConfig() {
    Map<String, String> env =
        Map.of(
            "KUBECONFIG",
            File.pathSeparator + dir.resolve("a") + File.pathSeparator + dir.resolve("b"),
            "HOME",
            "/home/runner");

    assertThat(KubeconfigFile.defaultPath(name -> Optional.ofNullable(env.get(name))))
        .isEqualTo(dir.resolve("a"));
    assertThat(
            KubeconfigFile.defaultPath(
                name -> Optional.ofNullable(Map.of("HOME", "/home/runner").get(name))))
        .isEqualTo(Path.of("/home/runner/.kube/config"));
  }

  @Test
  void aMissingOrEmptyFileReadsAsAnEmptyKubeconfig() throws IOException {
    assertThat(KubeconfigFile.read(dir.resolve("none")).names("clusters")).isEmpty();
    assertThat(KubeconfigFile.read(Files.createFile(dir.resolve("empty"))).currentContext())
        .isEmpty();
  }

  @Test
  void anUnparsableKubeconfigIsAnErrorAndIsLeftAlone() throws IOException {
    Path broken = Files.writeString(dir.resolve("config"), "clusters: [unclosed\n");

    assertThatThrownBy(() -> KubeconfigFile.read(broken))
        .isInstanceOf(UserError.class)
        .hasMessageContaining("existing kubeconfig " + broken + " is invalid: not YAML");
    assertThat(Files.readString(broken)).isEqualTo("clusters: [unclosed\n");
  }

  @Test
  void aKubeconfigWhoseSectionsAreNotListsIsRefused() throws IOException {
    Path odd = Files.writeString(dir.resolve("config"), "clusters: {a: b}\n");

    assertThatThrownBy(() -> KubeconfigFile.read(odd))
        .isInstanceOf(UserError.class)
        .hasMessageContaining("\"clusters\" is not a list of named entries");
  }

  @Test
  void writesPrivatelyReplacingTheFileInOneStep() throws IOException {
    Path target = Files.writeString(dir.resolve("config"), "old");
    Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rw-r--r--"));
    Kubeconfig kubeconfig = Kubeconfig.empty();
    kubeconfig.setCurrentContext("c");

    KubeconfigFile.write(target, kubeconfig);

    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(target)))
        .isEqualTo("rw-------");
    assertThat(KubeconfigFile.read(target).currentContext()).contains("c");
    try (var files = Files.list(dir)) {
      assertThat(files).containsExactly(target);
    }
  }

  @Test
  void aSymlinkedKubeconfigIsUpdatedWhereItPoints() throws IOException {
    Path real =
        Files.writeString(Files.createDirectory(dir.resolve("dotfiles")).resolve("kubeconfig"), "");
    Path link = Files.createSymbolicLink(dir.resolve("config"), real);
    Kubeconfig kubeconfig = Kubeconfig.empty();
    kubeconfig.setCurrentContext("linked");

    KubeconfigFile.write(link, kubeconfig);

    assertThat(Files.isSymbolicLink(link)).isTrue();
    assertThat(KubeconfigFile.read(real).currentContext()).contains("linked");
  }

  @Test
  void aDirectoryIsNotAKubeconfig() {
    assertThatThrownBy(() -> KubeconfigFile.read(dir))
        .isInstanceOf(UserError.class)
        .hasMessageContaining("is a directory");
  }
}
