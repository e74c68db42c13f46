package dev.tfsdeploy.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The shared scripts the actions call. */
class ScriptsTest {
  @Test
  void shellcheckFindsNothingInTheScripts() throws Exception {
    List<Path> scripts;
    try (Stream<Path> files = Files.list(ProjectFiles.ROOT.resolve("scripts"))) {
      scripts = files.filter(file -> file.toString().endsWith(".sh")).sorted().toList();
    }
    assertThat(scripts).isNotEmpty();
    for (Path script : scripts) {
      assertThat(Shellcheck.check(script)).as(script.toString()).isEmpty();
    }
  }

  @Test
  void installCliRefusesAnUnknownMode() throws IOException, InterruptedException {
    Process process = new ProcessBuilder("bash", ProjectFiles.ROOT.resolve("scripts/install-cli.sh").toString(), "everything")
        .redirectErrorStream(true).start();
    String out = new String(process.getInputStream().readAllBytes());

    assertThat(process.waitFor()).isEqualTo(2);
    assertThat(out).contains("usage: install-cli.sh release|build");
  }
}
