package dev.tfsdeploy.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tfsdeploy.UserError;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.commons.io.file.PathUtils;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SavedModelValidatorTest {
  private final SavedModelValidator validator = new SavedModelValidator();

  @TempDir static Path exports;
  @TempDir Path work;

  @BeforeAll
  static void export() {
    TfModels.halfPlusTwo(exports.resolve("with_variables/1"));
    TfModels.constantOnly(exports.resolve("constant_only/1"));
    TfModels.withoutServingDefault(exports.resolve("no_default/1"));
    TfModels.constantOnly(exports.resolve("train_only/1"), "train");
    TfModels.constantOnly(exports.resolve("serve_gpu/1"), "serve", "gpu");
  }

  /** A writable copy of an export or fixture, to damage. */
  private Path copy(Path source) throws IOException {
    return copyTree(source, work.resolve("copy").resolve(source.getFileName()));
  }

  private static Path copyTree(Path source, Path target) throws IOException {
    Files.createDirectories(target.getParent());
    PathUtils.copyDirectory(source, target);
    return target;
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "saved_model_half_plus_two_cpu/00000123",
        "saved_model_half_plus_three/00000123",
        "saved_model_half_plus_two_mkl/00000123",
        "saved_model_counter/00000123",
        "saved_model_half_plus_two_2_versions/00000124"
      })
  void acceptsSavedModelsThatTfServingLoadsInItsOwnTests(String fixture) {
    ValidatedVersion version =
        validator.validateVersion(ReferenceFixtures.tfServingTestdata().resolve(fixture));

    assertThat(version.tags()).containsExactly("serve");
    assertThat(version.servingGraph().getSignatureDefMap()).isNotEmpty();
  }

  @Test
  void refusesTheOldCheckpointExportBadHalfPlusTwo() {
    Path bad = ReferenceFixtures.tfServingTestdata().resolve("bad_half_plus_two");

    assertThatThrownBy(() -> validator.validate(bad))
        .isInstanceOf(UserError.class)
        .hasMessageContaining("00000123 is not a SavedModel")
        .hasMessageContaining("checkpoint export");
  }

  @Test
  void acceptsTensorFlowJavaExportWithVariables() {
    ValidatedVersion version = validator.validateVersion(exports.resolve("with_variables/1"));

    assertThat(version.version()).isEqualTo("1");
    assertThat(version.servingGraph().getSignatureDefMap())
        .containsKeys("serving_default", "regress_x_to_y");
    assertThat(version.warnings()).isEmpty();
  }

  @Test
  void acceptsGraphWithoutVariablesThatHasNoVariablesIndex() {
    Path constantOnly = exports.resolve("constant_only/1");
    assertThat(constantOnly.resolve("variables/variables.index")).doesNotExist();

    assertThat(validator.validateVersion(constantOnly).warnings()).isEmpty();
  }

  @Test
  void refusesGraphWithVariablesWhenVariablesDirectoryIsMissing() throws IOException {
    Path model = copy(exports.resolve("with_variables/1"));
    PathUtils.deleteDirectory(model.resolve("variables"));

    assertThatThrownBy(() -> validator.validateVersion(model))
        .isInstanceOf(UserError.class)
        .hasMessageContaining("has variables in its graph but no variables/variables.index");
  }

  @Test
  void refusesTfServingFixtureWhoseVariableDataShardIsMissing() throws IOException {
    Path model = copy(ReferenceFixtures.halfPlusTwo());
    Files.delete(model.resolve("variables/variables.data-00000-of-00001"));

    assertThatThrownBy(() -> validator.validateVersion(model))
        .isInstanceOf(UserError.class)
        .hasMessageContaining("lacks variables/variables.data-00000-of-00001");
  }

  @Test
  void refusesTfServingFixtureWhoseAssetIsMissing() throws IOException {
    Path model = copy(ReferenceFixtures.halfPlusTwo());
    Files.delete(model.resolve("assets/foo.txt"));

    assertThatThrownBy(() -> validator.validateVersion(model))
        .isInstanceOf(UserError.class)
        .hasMessageContaining("lacks assets/foo.txt");
  }

  @Test
  void refusesModelWithoutAMetaGraphTaggedServe() {
    assertThatThrownBy(() -> validator.validateVersion(exports.resolve("train_only/1")))
        .isInstanceOf(UserError.class)
        .hasMessageContaining("no MetaGraph tagged 'serve'")
        .hasMessageContaining("'train'");
  }

  @Test
  void refusesModelWhoseServeGraphAlsoCarriesOtherTagsBecauseTfServingMatchesTheWholeSet() {
    assertThatThrownBy(() -> validator.validateVersion(exports.resolve("serve_gpu/1")))
        .isInstanceOf(UserError.class)
        .hasMessageContaining("'serve, gpu'");
  }

  @Test
  void warnsWhenThereIsNoServingDefaultSignature() {
    ValidatedVersion version = validator.validateVersion(exports.resolve("no_default/1"));

    assertThat(version.warnings())
        .singleElement()
        .asString()
        .contains("no 'serving_default' signature", "identity");
  }

  @Test
  void refusesTruncatedSavedModelPb() throws IOException {
    Path model = copy(exports.resolve("with_variables/1"));
    Path pb = model.resolve("saved_model.pb");
    byte[] whole = Files.readAllBytes(pb);
    Files.write(pb, java.util.Arrays.copyOf(whole, whole.length / 2));

    assertThatThrownBy(() -> validator.validateVersion(model))
        .isInstanceOf(UserError.class)
        .hasMessageContaining("saved_model.pb is not a valid SavedModel protobuf");
  }

  @Test
  void refusesDirectoryWithoutSavedModelPb() throws IOException {
    Path empty = Files.createDirectories(work.resolve("empty"));

    assertThatThrownBy(() -> validator.validate(empty))
        .isInstanceOf(UserError.class)
        .hasMessageContaining("is not a SavedModel: it holds no saved_model.pb");
  }

  @Test
  void modelDirectoryValidatesEveryVersionInNumericOrder() throws IOException {
    Path model = work.resolve("model");
    copyTree(exports.resolve("with_variables/1"), model.resolve("10"));
    copyTree(exports.resolve("constant_only/1"), model.resolve("9"));

    List<ValidatedVersion> versions = validator.validate(model);

    assertThat(versions).extracting(ValidatedVersion::version).containsExactly("9", "10");
  }

  @Test
  void refusesModelDirectoryWithTwoNamesForOneVersion() throws IOException {
    Path model = work.resolve("model");
    copyTree(exports.resolve("constant_only/1"), model.resolve("7"));
    copyTree(exports.resolve("constant_only/1"), model.resolve("007"));

    assertThatThrownBy(() -> validator.validate(model))
        .isInstanceOf(UserError.class)
        .hasMessageContaining("are both version 7");
  }
}
