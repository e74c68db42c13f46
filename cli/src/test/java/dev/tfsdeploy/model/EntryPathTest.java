package dev.tfsdeploy.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tfsdeploy.UserError;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EntryPathTest {
  @Test
  void stripCountsALeadingDotAsAComponentLikeGnuTar() {
    assertThat(EntryPath.parse("./model/1/saved_model.pb").strip(1))
        .hasToString("model/1/saved_model.pb");
    assertThat(EntryPath.parse("./model/1/saved_model.pb").strip(2))
        .hasToString("1/saved_model.pb");
  }

  @Test
  void entriesWithinTheStrippedComponentsVanish() {
    assertThat(EntryPath.parse("model/").strip(1)).isNull();
    assertThat(EntryPath.parse("./").strip(0)).isNull();
  }

  @Test
  void dotsAndDoubleSlashesInsideANameDoNotMakeItADifferentPath() {
    assertThat(EntryPath.parse("m/./1//saved_model.pb").strip(0))
        .isEqualTo(EntryPath.parse("m/1/saved_model.pb").strip(0));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"/etc/passwd", "C:/Windows/x", "c:\\\\x", "\\\\server\\\\share"})
  void refusesAbsolutePaths(String name) {
    assertThatThrownBy(() -> EntryPath.parse(name))
        .isInstanceOf(UserError.class)
        .hasMessageContaining("is an absolute path");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"..", "../x", "a/../../x", "a\\\\..\\\\..\\\\x", "a/.."})
  void refusesParentReferencesAnywhere(String name) {
    assertThatThrownBy(() -> EntryPath.parse(name))
        .isInstanceOf(UserError.class)
        .hasMessageContaining("contains '..'");
  }

  @Test
  void resolvesBelowTheRootOnly() {
    Path root = Path.of("/out/staging");

    assertThat(EntryPath.parse("m/1/saved_model.pb").strip(0).resolveIn(root))
        .isEqualTo(Path.of("/out/staging/m/1/saved_model.pb"));
  }

  @Test
  void refusesNulCharacters() {
    assertThatThrownBy(() -> EntryPath.parse("a\0b"))
        .isInstanceOf(UserError.class)
        .hasMessageContaining("NUL");
  }
}
