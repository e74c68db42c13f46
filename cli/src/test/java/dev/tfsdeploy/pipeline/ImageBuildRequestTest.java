package dev.tfsdeploy.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tfsdeploy.image.ImageNames;
import dev.tfsdeploy.image.ImageProvenance;
import dev.tfsdeploy.image.ImageTarget;
import dev.tfsdeploy.image.LayerCompression;
import dev.tfsdeploy.image.ModelImageRequest;
import dev.tfsdeploy.serving.ModelConfig;
import dev.tfsdeploy.warmup.WarmupSpec;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ImageBuildRequestTest {
  static final ImageProvenance SOURCE_AND_REVISION =
      new ImageProvenance(
          Optional.of("https://github.com/acme/models"), Optional.empty(), Optional.of("abc123"));

  static ImageBuild.Request request() {
    return new ImageBuild.Request(
        "resnet",
        ImageNames.baseImage("tensorflow/serving:2.19.1"),
        new ImageTarget.Registry(ImageNames.repository("registry.example/models/resnet")),
        List.of("stable"),
        Optional.empty(),
        SOURCE_AND_REVISION,
        false,
        LayerCompression.AUTO,
        Optional.of(WarmupSpec.fromSignature("serving_default", 3)),
        Optional.of(CONFIG));
  }

  static final ModelConfig CONFIG =
      ModelConfig.fromOptions("resnet", "specific:1,2", List.of("stable=1"));

  @Test
  void theDownloadedReleaseBecomesTheDefaultTagAndTheVersionLabel() {
    ImageBuild.Request released = request().withReleaseTag("v2.0.0");

    assertThat(released.releaseTag()).contains("v2.0.0");
    assertThat(released.provenance())
        .isEqualTo(
            new ImageProvenance(
                Optional.of("https://github.com/acme/models"),
                Optional.of("v2.0.0"),
                Optional.of("abc123")));
    assertThat(released.tags()).containsExactly("stable");
    assertThat(released.warmup()).isEqualTo(request().warmup());
    assertThat(released.modelConfig()).contains(CONFIG);
  }

  @Test
  void aBlankReleaseTagIsNoRelease() {
    assertThat(request().withReleaseTag(" ").releaseTag()).isEmpty();
    assertThat(request().withReleaseTag(null).provenance().version()).isEmpty();
  }

  @Test
  void theModelDirectoryCompletesTheBuildersRequest() {
    ModelImageRequest built = request().forModelDirectory(Path.of("model"));

    assertThat(built.modelDir()).isEqualTo(Path.of("model"));
    assertThat(built.modelName()).isEqualTo("resnet");
    assertThat(built.tags()).containsExactly("stable");
    assertThat(built.provenance()).isEqualTo(SOURCE_AND_REVISION);
    assertThat(built.modelConfig()).contains(CONFIG);
  }
}
