package dev.tfsdeploy.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tfsdeploy.UserError;
import org.junit.jupiter.api.Test;

class GcsUriTest {
  @Test
  void aUriSplitsIntoBucketAndPathWithoutTrailingSlashes() {
    GcsUri uri = GcsUri.parse("gs://my-models/exports/half_plus_two/");

    assertThat(uri.bucket()).isEqualTo("my-models");
    assertThat(uri.path()).isEqualTo("exports/half_plus_two");
    assertThat(uri.prefix()).isEqualTo("exports/half_plus_two/");
    assertThat(uri.parentPrefix()).isEqualTo("exports/");
    assertThat(uri.lastName()).isEqualTo("half_plus_two");
  }

  @Test
  void aWholeBucketIsThePrefixOfEverything() {
    GcsUri uri = GcsUri.parse("gs://my-models");

    assertThat(uri.path()).isEmpty();
    assertThat(uri.prefix()).isEmpty();
    assertThat(uri.lastName()).isEqualTo("my-models");
  }

  @Test
  void theProvenanceFormAppendsTheGenerationAsGsutilDoes() {
    assertThat(GcsUri.parse("gs://bk1/m.tar.gz").withGeneration(1733000000000001L))
        .isEqualTo("gs://bk1/m.tar.gz#1733000000000001");
  }

  @Test
  void anythingButGsIsRefusedNamingTheExpectedForm() {
    assertThatThrownBy(() -> GcsUri.parse("https://storage.googleapis.com/b/m.tar.gz"))
        .isInstanceOf(UserError.class)
        .hasMessage("--model-uri 'https://storage.googleapis.com/b/m.tar.gz' is not a gs:// URI")
        .extracting(e -> ((UserError) e).fix())
        .asString()
        .startsWith("give gs://BUCKET/PATH");
  }

  @Test
  void anInvalidBucketNameIsRefused() {
    assertThatThrownBy(() -> GcsUri.parse("gs://My_Bucket/m.tar.gz"))
        .isInstanceOf(UserError.class)
        .hasMessage("--model-uri 'gs://My_Bucket/m.tar.gz' names no valid bucket");
  }

  @Test
  void aGenerationOrEmptyPathComponentIsRefused() {
    assertThatThrownBy(() -> GcsUri.parse("gs://bucket/m.tar.gz#123"))
        .isInstanceOf(UserError.class)
        .hasMessageContaining("unusable object path");
    assertThatThrownBy(() -> GcsUri.parse("gs://bucket/a//b"))
        .isInstanceOf(UserError.class)
        .hasMessageContaining("unusable object path");
  }
}
