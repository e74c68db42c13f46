package dev.tfsdeploy.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tfsdeploy.UserError;
import dev.tfsdeploy.model.ArchiveBuilder.Format;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ModelExtractorTest {
  @TempDir static Path exports;
  @TempDir Path work;

  private final List<String> infos = new ArrayList<>();
  private final List<String> warnings = new ArrayList<>();
  private final ExtractListener listener =
      new ExtractListener() {
        @Override
        public void info(String message) {
          infos.add(message);
        }

        @Override
        public void warning(String message) {
          warnings.add(message);
        }
      };

  private static Path halfPlusTwo;
  private static Path halfPlusThree;
  private static Path constantOnly;
  private static Path noDefault;

  @BeforeAll
  static void export() {
    halfPlusTwo = TfModels.halfPlusTwo(exports.resolve("half_plus_two"));
    halfPlusThree = TfModels.halfPlusTwo(exports.resolve("half_plus_three"), 0.5f, 3f);
    constantOnly = TfModels.constantOnly(exports.resolve("constant_only"));
    noDefault = TfModels.withoutServingDefault(exports.resolve("no_default"));
  }

  private ExtractedModel extract(Path archive, Integer strip, String version) {
    return new ModelExtractor(listener)
        .extract(
            new ExtractRequest(
                archive,
                "half_plus_two",
                work.resolve("out"),
                strip,
                version,
                ArchiveLimits.DEFAULTS));
  }

  private ExtractedModel extract(Path archive) {
    return extract(archive, null, null);
  }

  private Path archive(ArchiveBuilder builder, String name) {
    return builder.writeTo(work.resolve("archives").resolve(name));
  }

  private static List<String> files(Path dir) throws IOException {
    try (Stream<Path> paths = Files.walk(dir)) {
      return paths
          .filter(Files::isRegularFile)
          .map(p -> dir.relativize(p).toString())
          .sorted()
          .toList();
    }
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(Format.class)
  void unpacksVersionDirectoriesUnderATopLevelDirectory(Format format) throws IOException {
    Path archive =
        archive(
            ArchiveBuilder.of(format)
                .tree("export/1/", halfPlusTwo)
                .tree("export/2/", halfPlusThree),
            "model." + format);

    ExtractedModel model = extract(archive);

    assertThat(model.modelDir()).isEqualTo(work.resolve("out/half_plus_two"));
    assertThat(model.versions()).extracting(ValidatedVersion::version).containsExactly("1", "2");
    assertThat(files(model.modelDir()))
        .containsExactly(
            "1/saved_model.pb",
            "1/variables/variables.data-00000-of-00001",
            "1/variables/variables.index",
            "2/saved_model.pb",
            "2/variables/variables.data-00000-of-00001",
            "2/variables/variables.index");
    assertThat(model.modelDir().resolve("2/variables/variables.index"))
        .hasSameBinaryContentAs(halfPlusThree.resolve("variables/variables.index"));
    assertThat(new SavedModelValidator().validateModel(model.modelDir())).hasSize(2);
  }

  @Test
  void placesSavedModelAtTheArchiveRootUnderVersionOneAndSaysSo() throws IOException {
    ExtractedModel model = extract(archive(ArchiveBuilder.tgz().tree("", halfPlusTwo), "root.tgz"));

    assertThat(model.modelDir().resolve("1/saved_model.pb")).exists();
    assertThat(model.modelDir().resolve("1/variables/variables.index")).exists();
    assertThat(infos).anyMatch(line -> line.contains("placing it as version 1"));
  }

  @Test
  void placesSavedModelAtTheStrippedRootUnderTheRequestedVersion() {
    ExtractedModel model =
        extract(
            archive(ArchiveBuilder.tgz().tree("half_plus_two/", halfPlusTwo), "top.tgz"),
            null,
            "7");

    assertThat(model.modelDir().resolve("7/saved_model.pb")).exists();
    assertThat(model.versions()).extracting(ValidatedVersion::version).containsExactly("7");
  }

  @Test
  void keepsZeroPaddedVersionDirectoriesAsTheyAre() {
    ExtractedModel model =
        extract(archive(ArchiveBuilder.tar().tree("00000123/", halfPlusTwo), "padded.tar"));

    // A single top-level directory that is itself a version is not stripped.
    assertThat(model.modelDir().resolve("00000123/saved_model.pb")).exists();
    assertThat(model.versions()).extracting(ValidatedVersion::version).containsExactly("123");
  }

  @Test
  void unpacksArchivesMadeWithDotPrefixedNames() {
    // tar -czf model.tgz -C export . writes "./", "./1/", "./1/saved_model.pb", ...
    ExtractedModel model =
        extract(archive(ArchiveBuilder.tgz().directory("./").tree("./1/", halfPlusTwo), "dot.tgz"));

    assertThat(model.modelDir().resolve("1/saved_model.pb")).exists();
  }

  @Test
  void explicitStripComponentsDropsThatManyLeadingDirectories() {
    Path archive =
        archive(
            ArchiveBuilder.tgz().tree("build/export/half_plus_two/3/", halfPlusTwo), "deep.tgz");

    ExtractedModel model = extract(archive, 3, null);

    assertThat(model.modelDir().resolve("3/saved_model.pb")).exists();
  }

  @Test
  void explainsWhichStripComponentsWouldFindADeeperModel() {
    Path archive =
        archive(
            ArchiveBuilder.tgz().tree("build/export/half_plus_two/3/", halfPlusTwo), "deep.tgz");

    assertThatThrownBy(() -> extract(archive))
        .isInstanceOf(UserError.class)
        .hasMessageContaining("found one at 'build/export/half_plus_two/3/saved_model.pb'")
        .satisfies(e -> assertThat(((UserError) e).fix()).contains("--strip-components 3"));
  }

  @Test
  void stripComponentsZeroKeepsTheTopLevelDirectoryAsAVersionContainer() {
    Path archive =
        archive(ArchiveBuilder.tgz().tree("5/", halfPlusTwo).tree("6/", constantOnly), "two.tgz");

    ExtractedModel model = extract(archive, 0, null);

    assertThat(model.versions()).extracting(ValidatedVersion::version).containsExactly("5", "6");
  }

  @Test
  void acceptsModelWithoutVariables() {
    ExtractedModel model =
        extract(archive(ArchiveBuilder.zip().tree("m/", constantOnly), "const.zip"));

    assertThat(model.modelDir().resolve("1/saved_model.pb")).exists();
    assertThat(warnings).isEmpty();
  }

  @Test
  void warnsWhenAVersionHasNoServingDefaultSignature() {
    extract(archive(ArchiveBuilder.tgz().tree("", noDefault), "nodefault.tgz"));

    assertThat(warnings).anyMatch(line -> line.contains("no 'serving_default' signature"));
  }

  @Test
  void unpacksTheTfServingTestdataModelArchivedAsIs() {
    Path fixture =
        ReferenceFixtures.tfServingTestdata().resolve("saved_model_half_plus_two_2_versions");
    ExtractedModel model =
        extract(
            archive(
                ArchiveBuilder.tgz().tree("saved_model_half_plus_two_2_versions/", fixture),
                "tfs.tgz"));

    assertThat(model.versions())
        .extracting(ValidatedVersion::version)
        .containsExactly("123", "124");
    assertThat(model.modelDir().resolve("00000124/assets/foo.txt")).exists();
  }

  @Test
  void recreatesHardLinksBetweenFilesOfTheArchive() throws IOException {
    Path archive =
        archive(
            ArchiveBuilder.tar()
                .tree("m/1/", halfPlusTwo)
                .directory("m/1/assets/")
                .hardLink("m/1/assets/copy.index", "m/1/variables/variables.index"),
            "links.tar");

    ExtractedModel model = extract(archive);

    assertThat(model.modelDir().resolve("1/assets/copy.index"))
        .hasSameBinaryContentAs(halfPlusTwo.resolve("variables/variables.index"));
  }

  @Test
  void addsNewVersionsBesideTheOnesAlreadyThere() {
    extract(archive(ArchiveBuilder.tgz().tree("1/", halfPlusTwo), "v1.tgz"), 0, null);

    ExtractedModel second =
        extract(archive(ArchiveBuilder.tgz().tree("2/", halfPlusThree), "v2.tgz"), 0, null);

    assertThat(second.versions()).extracting(ValidatedVersion::version).containsExactly("2");
    assertThat(new SavedModelValidator().validateModel(second.modelDir()))
        .extracting(ValidatedVersion::version)
        .containsExactly("1", "2");
  }

  @Test
  void refusesAVersionThatAlreadyExistsUnderAnotherSpellingAndLeavesEverythingAsItWas()
      throws IOException {
    extract(archive(ArchiveBuilder.tgz().tree("00000123/", halfPlusTwo), "a.tgz"));
    List<String> before = files(work.resolve("out"));

    assertThatThrownBy(
            () -> extract(archive(ArchiveBuilder.tgz().tree("123/", halfPlusThree), "b.tgz")))
        .isInstanceOf(UserError.class)
        .hasMessageContaining("version 123 of the model already exists");

    assertThat(files(work.resolve("out"))).isEqualTo(before);
  }

  @Test
  void warnsAboutNonVersionDirectoriesThatTfServingIgnores() {
    ExtractedModel model =
        extract(
            archive(
                ArchiveBuilder.tgz().tree("m/1/", halfPlusTwo).file("m/README.md", "hello\n"),
                "readme.tgz"));

    assertThat(model.versions()).hasSize(1);
    assertThat(warnings).anyMatch(line -> line.contains("'README.md' is not a version directory"));
  }
}
