package dev.tfsdeploy.release;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tfsdeploy.UserError;
import java.util.List;
import org.junit.jupiter.api.Test;

class AssetMatcherTest {
  private static final RepositoryName REPO = RepositoryName.parse("acme/models");
  private static final Release RELEASE =
      new Release(
          "v2",
          "Model v2",
          false,
          false,
          List.of(
              asset(1, "model-resnet.tar.gz"),
              asset(2, "model-resnet.tar.gz.sha256"),
              asset(3, "model-bert.tar.gz"),
              asset(4, "README.md")));

  private static ReleaseAsset asset(long id, String name) {
    return new ReleaseAsset(
        id, name, 10, "https://github.com/acme/models/releases/download/v2/" + name, null);
  }

  @Test
  void exactNameMatchesOnlyThatAsset() {
    assertThat(AssetMatcher.of("model-resnet.tar.gz").select(RELEASE, REPO).id()).isEqualTo(1);
  }

  @Test
  void globMatchesTheOneAssetItDescribes() {
    assertThat(AssetMatcher.of("model-b*.tar.gz").select(RELEASE, REPO).name())
        .isEqualTo("model-bert.tar.gz");
    assertThat(AssetMatcher.of("README.{md,txt}").select(RELEASE, REPO).id()).isEqualTo(4);
  }

  @Test
  void ambiguousGlobIsRefusedListingEveryMatch() {
    assertThatThrownBy(() -> AssetMatcher.of("model-*.tar.gz").select(RELEASE, REPO))
        .isInstanceOf(UserError.class)
        .hasMessage(
            "--asset 'model-*.tar.gz' matches 2 assets of release v2 of acme/models:"
                + " model-resnet.tar.gz, model-bert.tar.gz")
        .extracting(e -> ((UserError) e).fix())
        .asString()
        .contains("exactly one");
  }

  @Test
  void missingAssetListsTheReleasesAssetNames() {
    assertThatThrownBy(() -> AssetMatcher.of("model.tar.gz").select(RELEASE, REPO))
        .isInstanceOf(UserError.class)
        .hasMessage("release v2 of acme/models has no asset matching 'model.tar.gz'")
        .extracting(e -> ((UserError) e).fix())
        .asString()
        .contains("MODEL_RELEASE_FILE")
        .contains("model-resnet.tar.gz, model-resnet.tar.gz.sha256, model-bert.tar.gz, README.md");
  }

  @Test
  void releaseWithoutAssetsSaysSo() {
    Release empty = new Release("v3", null, false, false, null);
    assertThatThrownBy(() -> AssetMatcher.of("*.tar.gz").select(empty, REPO))
        .isInstanceOf(UserError.class)
        .extracting(e -> ((UserError) e).fix())
        .asString()
        .contains("the release has no assets");
  }

  @Test
  void malformedGlobIsAUserError() {
    assertThatThrownBy(() -> AssetMatcher.of("model-[.tar.gz"))
        .isInstanceOf(UserError.class)
        .hasMessageContaining("is not a valid glob");
  }
}
