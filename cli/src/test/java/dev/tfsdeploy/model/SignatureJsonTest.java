package dev.tfsdeploy.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SignatureJsonTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final SavedModelValidator validator = new SavedModelValidator();

  @TempDir static Path exports;

  @BeforeAll
  static void export() {
    TfModels.halfPlusTwo(exports.resolve("half_plus_two/1"));
    TfModels.halfPlusTwo(exports.resolve("half_plus_two/2"), 0.5f, 3f);
  }

  /** What TF Serving's GET /v1/models/<name>/metadata returned for a model, under metadata. */
  private static JsonNode tfServingSignatureDef(String metadataFile) throws IOException {
    return JSON.readTree(ReferenceFixtures.tfServingTestdata().resolve(metadataFile).toFile())
        .get("metadata")
        .get("signature_def");
  }

  private JsonNode json(Path dir) throws IOException {
    return JSON.readTree(SignatureJson.render(validator.validate(dir), false));
  }

  @Test
  void signatureDefEqualsWhatTfServingReturnsForHalfPlusTwo() throws IOException {
    JsonNode ours = json(ReferenceFixtures.halfPlusTwo());

    assertThat(ours.get("signature_def"))
        .isEqualTo(tfServingSignatureDef("half_plus_two_model_metadata.json"));
  }

  @Test
  void signatureDefEqualsWhatTfServingReturnsForTheTwoVersionModel() throws IOException {
    Path model =
        ReferenceFixtures.tfServingTestdata().resolve("saved_model_half_plus_two_2_versions");
    JsonNode expected = tfServingSignatureDef("saved_model_half_plus_two_2_versions_metadata.json");

    JsonNode versions = JSON.readTree(SignatureJson.render(validator.validate(model), true));

    assertThat(versions).hasSize(2);
    assertThat(versions.get(0).get("version").asText()).isEqualTo("123");
    assertThat(versions.get(1).get("version").asText()).isEqualTo("124");
    // TF Serving answered for the version its metadata names.
    assertThat(versions.get(0).get("signature_def")).isEqualTo(expected);
  }

  @Test
  void versionIsTheNumberTfServingReadsFromThePaddedDirectoryName() throws IOException {
    JsonNode ours = json(ReferenceFixtures.halfPlusTwo());

    assertThat(ours.get("version").asText()).isEqualTo("123");
    assertThat(ours.get("tags")).containsExactly(JSON.getNodeFactory().textNode("serve"));
    assertThat(ours.fieldNames())
        .toIterable()
        .containsExactly("version", "tags", "warmup_records", "signature_def");
    assertThat(ours.get("warmup_records").asInt()).isZero();
  }

  @Test
  void tensorFlowJavaExportPrintsDtypeNamesAndDimSizesAsStrings() throws IOException {
    JsonNode x =
        json(exports.resolve("half_plus_two/1"))
            .at("/signature_def/signature_def/serving_default/inputs/x");

    assertThat(x.get("dtype").asText()).isEqualTo("DT_FLOAT");
    assertThat(x.get("name").asText()).isEqualTo("x:0");
    assertThat(x.at("/tensor_shape/dim/0/size").isTextual()).isTrue();
    assertThat(x.at("/tensor_shape/dim/0/size").asText()).isEqualTo("-1");
    assertThat(x.at("/tensor_shape/dim/1/size").asText()).isEqualTo("1");
    assertThat(x.at("/tensor_shape/unknown_rank").asBoolean(true)).isFalse();
  }

  @Test
  void modelDirectoryRendersAnArrayOfVersionsInAscendingOrder() throws IOException {
    List<ValidatedVersion> versions = validator.validate(exports.resolve("half_plus_two"));

    JsonNode array = JSON.readTree(SignatureJson.render(versions, true));

    assertThat(array.isArray()).isTrue();
    assertThat(array).extracting(node -> node.get("version").asText()).containsExactly("1", "2");
    assertThat(array.get(1).at("/signature_def/signature_def").fieldNames())
        .toIterable()
        .containsExactlyInAnyOrder("serving_default", "regress_x_to_y");
  }
}
