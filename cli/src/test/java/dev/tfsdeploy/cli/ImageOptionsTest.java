package dev.tfsdeploy.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tfsdeploy.UserError;
import dev.tfsdeploy.actions.ActionsEnvironment;
import dev.tfsdeploy.image.ImageTarget;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The default image repository (Artifact Registry in the cluster's region), and the image tags. */
class ImageOptionsTest {
  @Test
  void aZoneNamesItsRegionsArtifactRegistryRepositoryWithTheModelLowercased() {
    assertThat(ImageOptions.artifactRegistry("ml-prod", "europe-west4-b", "Half_Plus_Two"))
        .isEqualTo("europe-west4-docker.pkg.dev/ml-prod/tfs-deploy/half_plus_two");
  }

  @Test
  void aRegionIsItsOwnRegion() {
    assertThat(ImageOptions.artifactRegistry("ml-prod", "us-central1", "resnet"))
        .isEqualTo("us-central1-docker.pkg.dev/ml-prod/tfs-deploy/resnet");
  }

  @Test
  void withoutImageTheProjectAndLocationNameTheTarget() {
    ImageOptions options = new ImageOptions();
    options.project = "ml-prod";
    options.location = "us-central1-a";

    ImageTarget target = options.target("resnet");

    assertThat(target).isInstanceOf(ImageTarget.Registry.class);
    assertThat(target.repository().toString())
        .isEqualTo("us-central1-docker.pkg.dev/ml-prod/tfs-deploy/resnet");
  }

  @Test
  void withNeitherImageNorProjectAndLocationTheErrorSaysWhatToPass() {
    assertThatThrownBy(() -> new ImageOptions().target("resnet"))
        .isInstanceOf(UserError.class)
        .hasMessage("no image repository to push to")
        .extracting(e -> ((UserError) e).fix())
        .asString()
        .contains(
            "--image REPOSITORY",
            "--project and --location",
            "REGION-docker.pkg.dev/PROJECT/tfs-deploy/resnet",
            "--to tar:PATH");
  }

  @Test
  void aMissingProjectComesFromTheFallbackWhenTheDefaultRepositoryNeedsIt() {
    ImageOptions options = new ImageOptions();
    options.location = "us-central1-a";

    options.defaultProject(given -> "from-metadata");

    assertThat(options.target("resnet").repository().toString())
        .isEqualTo("us-central1-docker.pkg.dev/from-metadata/tfs-deploy/resnet");
  }

  @Test
  void theFallbackIsNotAskedWhenTheRepositoryIsGivenOrTheProjectKnown() {
    ImageOptions withImage = new ImageOptions();
    withImage.image = "registry.example/models/resnet";
    withImage.location = "us-central1-a";
    ImageOptions withProject = new ImageOptions();
    withProject.project = "ml-prod";
    withProject.location = "us-central1-a";

    withImage.defaultProject(
        given -> {
          throw new AssertionError("asked the metadata server");
        });
    withProject.defaultProject(
        given -> {
          throw new AssertionError("asked the metadata server");
        });

    assertThat(withProject.target("resnet").repository().toString()).contains("/ml-prod/");
  }

  @Test
  void somethingThatIsNotALocationIsRefused() {
    assertThatThrownBy(() -> ImageOptions.artifactRegistry("ml-prod", "Frankfurt", "resnet"))
        .isInstanceOf(UserError.class)
        .hasMessage("--location 'Frankfurt' is not a Google Cloud zone or region");
  }

  @Test
  void theDeprecatedTagsJoinTheImageTagsAfterOneWarning() {
    ImageOptions options = new ImageOptions();
    options.image = "registry.example/models/resnet";
    options.tags = new ArrayList<>(List.of("v1"));
    options.deprecatedTags = new ArrayList<>(List.of("old"));
    List<String> warnings = new ArrayList<>();

    options.takeDeprecatedTags(warnings::add);

    assertThat(warnings).singleElement().asString().contains("--image-tag (TFS_DEPLOY_IMAGE_TAG)");
    assertThat(options.deprecatedTagsGiven()).isFalse();
    assertThat(options.toRequest("resnet", null, null, new ActionsEnvironment(Map.of())).tags())
        .containsExactly("v1", "old");
  }

  @Test
  void withoutDeprecatedTagsNothingIsSaid() {
    ImageOptions options = new ImageOptions();
    options.deprecatedTags = new ArrayList<>(List.of(" "));
    List<String> warnings = new ArrayList<>();

    options.takeDeprecatedTags(warnings::add);

    assertThat(warnings).isEmpty();
  }
}
