package dev.tfsdeploy.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.DynamicMessage;
import com.google.protobuf.TextFormat;
import dev.tfsdeploy.UserError;
import dev.tfsdeploy.model.ReferenceFixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ModelConfigTest {
  private static final String BASE = "/models/half_plus_two";
  private static final SortedSet<Long> ONE_TO_THREE = new TreeSet<>(List.of(1L, 2L, 3L));

  @TempDir Path temp;

  private static ModelConfig options(String policy, String... labels) {
    return ModelConfig.fromOptions("half_plus_two", policy, List.of(labels));
  }

  private ModelConfig readBack(String text) throws Exception {
    return ModelConfig.read(
        Files.writeString(temp.resolve("model_config.txt"), text), "half_plus_two", BASE);
  }

  @Test
  void isWrittenAsTfServingDocumentsTheModelConfigFile() {
    assertThat(options("specific:1,3", "stable=1", "canary=3").text(BASE))
        .isEqualTo(
            """
            model_config_list {
              config {
                name: "half_plus_two"
                base_path: "/models/half_plus_two"
                model_platform: "tensorflow"
                model_version_policy {
                  specific {
                    versions: 1
                    versions: 3
                  }
                }
                version_labels {
                  key: "canary"
                  value: 3
                }
                version_labels {
                  key: "stable"
                  value: 1
                }
              }
            }
            """);
  }

  @ParameterizedTest
  @ValueSource(strings = {"latest:2", "all", "specific:1,3"})
  void eachPolicyParsesBackAsAModelServerConfig(String policy) throws Exception {
    ModelConfig config = options(policy, "stable=3");
    String text = config.text(BASE);

    DynamicMessage.Builder parsed = DynamicMessage.newBuilder(ModelServerConfigProto.SERVER_CONFIG);
    TextFormat.getParser().merge(text, parsed);

    assertThat(parsed.build().toString()).isEqualTo(text);
    assertThat(readBack(text)).isEqualTo(config);
    assertThat(readBack(text).policy().describe()).isEqualTo(policy);
  }

  @Test
  void theLatestPolicyCountsItsVersions() {
    assertThat(options("latest:2").text(BASE))
        .contains("model_version_policy {\n      latest {\n        num_versions: 2\n      }");
  }

  @Test
  void theAllPolicyIsAnEmptyMessage() {
    assertThat(options("all").text(BASE)).contains("model_version_policy {\n      all {\n      }");
  }

  @Test
  void noPolicyIsTfServingsDefaultTheNewestVersion() {
    ModelConfig config = options(null, "stable=3");

    assertThat(config.policy()).isEqualTo(new VersionPolicy.Latest(1));
    assertThat(config.served(ONE_TO_THREE)).containsExactly(3L);
  }

  @Test
  void eachPolicyServesItsVersions() {
    assertThat(options("latest:2").served(ONE_TO_THREE)).containsExactly(2L, 3L);
    assertThat(options("latest:5").served(ONE_TO_THREE)).containsExactly(1L, 2L, 3L);
    assertThat(options("all").served(ONE_TO_THREE)).containsExactly(1L, 2L, 3L);
    assertThat(options("specific:3,1").served(ONE_TO_THREE)).containsExactly(1L, 3L);
  }

  @Test
  void latestZeroIsRefused() {
    assertThatThrownBy(() -> options("latest:0"))
        .isInstanceOf(UserError.class)
        .hasMessage("version policy latest:0 serves no version");
  }

  @Test
  void anUnknownPolicyIsRefusedWithTheSyntax() {
    assertThatThrownBy(() -> options("newest:2"))
        .isInstanceOf(UserError.class)
        .hasMessage("'newest:2' is not a version policy")
        .extracting(e -> ((UserError) e).fix())
        .isEqualTo("write " + VersionPolicy.SYNTAX);
  }

  @Test
  void aSpecificPolicyNeedsVersionNumbers() {
    assertThatThrownBy(() -> options("specific:1,two"))
        .hasMessage("version policy 'specific:1,two': 'two' is not a version number");
    assertThatThrownBy(() -> options("specific:"))
        .hasMessage("version policy 'specific:': '' is not a version number");
  }

  @Test
  void aSpecificVersionTheModelLacksIsRefusedNamingIt() {
    assertThatThrownBy(() -> options("specific:1,4").served(ONE_TO_THREE))
        .isInstanceOf(UserError.class)
        .hasMessage(
            "version policy specific:1,4: model 'half_plus_two' has no version 4 (it has 1,2,3)");
  }

  @Test
  void aLabelOnAVersionTheModelLacksIsRefused() {
    assertThatThrownBy(() -> options("all", "stable=7").served(ONE_TO_THREE))
        .hasMessage(
            "version label stable=7: model 'half_plus_two' has no version 7 (it has 1,2,3)");
  }

  @Test
  void aLabelOnAVersionThePolicyDoesNotServeIsRefusedWithAPolicyThatWould() {
    assertThatThrownBy(() -> options("latest:1", "stable=1").served(ONE_TO_THREE))
        .isInstanceOf(UserError.class)
        .hasMessage(
            "version label stable=1: version policy latest:1 does not serve version 1 (it serves"
                + " 3)")
        .extracting(e -> ((UserError) e).fix())
        .isEqualTo(
            "label a served version, or widen the policy, e.g. --version-policy specific:1,3");
  }

  @Test
  void aLabelMustBeNameEqualsVersion() {
    assertThatThrownBy(() -> options("all", "stable"))
        .hasMessage("--version-label 'stable' is not NAME=VERSION");
    assertThatThrownBy(() -> options("all", "stable=one"))
        .hasMessage("--version-label 'stable=one' is not NAME=VERSION");
  }

  @Test
  void aLabelNameIsAPathSegmentOfTheRestApi() {
    assertThatThrownBy(() -> options("all", "my label=1"))
        .hasMessage("--version-label my label=1: 'my label' is not a label name");
  }

  @Test
  void aLabelGivenTwiceIsRefused() {
    assertThatThrownBy(() -> options("all", "stable=1", "stable=2"))
        .hasMessage("--version-label stable is given twice");
  }

  @Test
  void aReadyFileIsReadIntoThePolicyAndLabels() throws Exception {
    ModelConfig config =
        readBack(
            """
            # served by hand
            model_config_list: {
              config: {
                name: 'half_plus_two'
                model_platform: 'tensorflow'
                model_version_policy: { specific: { versions: 2 versions: 3 } }
                version_labels: { key: 'stable' value: 2 }
                version_labels: { key: 'canary' value: 3 }
              }
            }
            """);

    assertThat(config)
        .isEqualTo(
            new ModelConfig(
                "half_plus_two",
                new VersionPolicy.Specific(new TreeSet<>(List.of(2L, 3L))),
                new TreeMap<>(Map.of("stable", 2L, "canary", 3L))));
  }

  @Test
  void tfServingsOwnConfigFileParsesAndIsRefusedForItsTwoModels() {
    Path good = ReferenceFixtures.tfServingTestdata().resolve("good_model_config.txt");

    assertThatThrownBy(() -> ModelConfig.read(good, "half_plus_two", BASE))
        .isInstanceOf(UserError.class)
        .hasMessage("--model-config " + good + " configures 2 models");
  }

  @Test
  void tfServingsBadConfigFileDoesNotParse() {
    Path bad = ReferenceFixtures.tfServingTestdata().resolve("bad_model_config.txt");

    assertThatThrownBy(() -> ModelConfig.read(bad, "half_plus_two", BASE))
        .isInstanceOf(UserError.class)
        .hasMessageStartingWith(
            "--model-config " + bad + " is not a TF Serving ModelServerConfig: 1:");
  }

  @Test
  void aFieldThisToolDoesNotCheckIsRefusedNamingIt() {
    assertThatThrownBy(
            () ->
                readBack(
                    "model_config_list { config { name: 'half_plus_two' logging_config { } } }"))
        .hasMessageContaining("is not a TF Serving ModelServerConfig:")
        .hasMessageContaining("logging_config");
  }

  @Test
  void aFileForAnotherModelIsRefused() {
    assertThatThrownBy(() -> readBack("model_config_list { config { name: 'resnet' } }"))
        .hasMessageEndingWith("configures model 'resnet', not 'half_plus_two'");
  }

  @Test
  void aFileReadingTheModelFromElsewhereIsRefused() {
    assertThatThrownBy(
            () ->
                readBack(
                    "model_config_list { config { name: 'half_plus_two' base_path: '/data/m' } }"))
        .hasMessageEndingWith(
            "reads the model from base_path /data/m, not from the image's /models/half_plus_two");
  }

  @Test
  void aFileForAnotherPlatformIsRefused() {
    assertThatThrownBy(
            () ->
                readBack(
                    "model_config_list { config { name: 'half_plus_two' model_platform: 'onnx' }"
                        + " }"))
        .hasMessageEndingWith("sets model_platform onnx; the image serves a TensorFlow SavedModel");
  }

  @Test
  void aFileWithoutAModelListIsRefused() {
    assertThatThrownBy(() -> readBack("")).hasMessageEndingWith("holds no model_config_list");
  }
}
