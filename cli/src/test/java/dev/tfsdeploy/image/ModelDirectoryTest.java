package dev.tfsdeploy.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tfsdeploy.UserError;
import dev.tfsdeploy.image.ModelDirectory.ModelFile;
import dev.tfsdeploy.image.ModelDirectory.ModelVersion;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelDirectoryTest {
  @TempDir Path temp;

  @Test
  void listsNumericVersionsInNumericOrderWithTheirFiles() throws IOException {
    ModelFixtures.version(temp, "10", 1, 100);
    ModelFixtures.version(temp, "2", 2, 200);

    ModelDirectory model = ModelDirectory.scan(temp);

    assertThat(model.versions()).extracting(ModelVersion::name).containsExactly("2", "10");
    ModelVersion two = model.versions().get(0);
    assertThat(two.directories()).containsExactly("assets", "variables");
    assertThat(two.files())
        .extracting(ModelFile::path)
        .containsExactly(
            "assets/labels.txt",
            "fingerprint.pb",
            "saved_model.pb",
            "variables/variables.data-00000-of-00001",
            "variables/variables.index");
    assertThat(two.files().get(3).size()).isEqualTo(200);
  }

  @Test
  void leavesOutWhatIsNotAVersionDirectory() throws IOException {
    ModelFixtures.version(temp, "1", 1, 100);
    Files.writeString(temp.resolve("README.md"), "notes");
    Files.createDirectories(temp.resolve("checkpoints"));

    ModelDirectory model = ModelDirectory.scan(temp);

    assertThat(model.versions()).hasSize(1);
    assertThat(model.ignored()).containsExactly("README.md", "checkpoints");
  }

  @Test
  void refusesDirectoryWithoutVersions() throws IOException {
    Files.createDirectories(temp.resolve("variables"));
    Files.writeString(temp.resolve("saved_model.pb"), "graph");

    assertThatThrownBy(() -> ModelDirectory.scan(temp))
        .isInstanceOf(UserError.class)
        .hasMessage("model directory " + temp + " has no numeric version directory")
        .satisfies(e -> assertThat(((UserError) e).fix()).contains(temp.resolve("1").toString()));
  }

  @Test
  void refusesMissingDirectory() {
    Path missing = temp.resolve("missing");

    assertThatThrownBy(() -> ModelDirectory.scan(missing))
        .isInstanceOf(UserError.class)
        .hasMessage("model directory " + missing + " does not exist or is not a directory");
  }

  @Test
  void refusesSymbolicLinksThatCouldPublishOtherFiles() throws IOException {
    ModelFixtures.version(temp, "1", 1, 100);
    Path secret = Files.writeString(temp.resolve("secret.txt"), "not for the image");
    Files.createSymbolicLink(temp.resolve("1/assets/vocab.txt"), secret);

    assertThatThrownBy(() -> ModelDirectory.scan(temp))
        .isInstanceOf(UserError.class)
        .hasMessage(
            "model file 1/assets/vocab.txt is a symbolic link, which cannot go into an image");
  }

  @Test
  void layoutCheckRefusesVersionWithoutSavedModelGraph() throws IOException {
    ModelFixtures.version(temp, "1", 1, 100);
    Files.createDirectories(temp.resolve("2/variables"));

    assertThatThrownBy(() -> new SavedModelLayout().validate(temp))
        .isInstanceOf(UserError.class)
        .hasMessage("model version " + temp.resolve("2") + " has no saved_model.pb");
  }

  @Test
  void layoutCheckAcceptsEveryVersionWithAGraph() throws IOException {
    ModelFixtures.version(temp, "1", 1, 100);
    Files.createDirectories(temp.resolve("2"));
    Files.writeString(temp.resolve("2/saved_model.pbtxt"), "meta_graphs {}");

    new SavedModelLayout().validate(temp);
  }
}
