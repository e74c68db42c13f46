package dev.tfsdeploy.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tfsdeploy.UserError;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageNamesTest {
  @Test
  void repositoryIsWrittenBackAsTheUserWroteIt() {
    assertThat(ImageNames.display(ImageNames.repository("us-docker.pkg.dev/p/models/serving")))
        .isEqualTo("us-docker.pkg.dev/p/models/serving");
    assertThat(ImageNames.display(ImageNames.repository("127.0.0.1:5000/a/b")))
        .isEqualTo("127.0.0.1:5000/a/b");
  }

  @Test
  void repositoryWithATagIsRefusedPointingToTag() {
    assertThatThrownBy(() -> ImageNames.repository("gcr.io/p/tfserving-model:latest"))
        .isInstanceOf(UserError.class)
        .hasMessage("--image 'gcr.io/p/tfserving-model:latest' has a tag or digest")
        .satisfies(e -> assertThat(((UserError) e).fix()).contains("--image-tag"));
  }

  @Test
  void baseThatIsAFileOnDiskAsksWhetherTarWasMeant(@TempDir Path temp) throws IOException {
    Path saved = Files.writeString(temp.resolve("serving.tar"), "docker save output");

    assertThatThrownBy(() -> ImageNames.baseImage(saved.toString()))
        .isInstanceOf(UserError.class)
        .hasMessage("--base " + saved + " is a file on disk, not an image in a registry")
        .satisfies(
            e -> assertThat(((UserError) e).fix()).startsWith("did you mean --base tar:" + saved));
  }

  @Test
  void invalidReferenceIsNamed() {
    assertThatThrownBy(() -> ImageNames.base("Tensorflow/Serving::x"))
        .isInstanceOf(UserError.class)
        .hasMessage("--base 'Tensorflow/Serving::x' is not a valid image reference");
  }

  @Test
  void invalidExplicitTagIsRefused() {
    assertThatThrownBy(() -> ImageNames.tag("v1+build"))
        .isInstanceOf(UserError.class)
        .hasMessage("--image-tag 'v1+build' is not a valid image tag");
  }

  @Test
  void releaseTagBecomesAValidImageTag() {
    assertThat(ImageNames.fromReleaseTag("v1.2.0")).isEqualTo("v1.2.0");
    assertThat(ImageNames.fromReleaseTag("models/v1+exp")).isEqualTo("models-v1-exp");
    assertThat(ImageNames.fromReleaseTag("-rc.1")).isEqualTo("rc.1");
    assertThat(ImageNames.fromReleaseTag("x".repeat(200))).hasSize(128);
  }

  @Test
  void modelTagIsTwelveHexDigits() {
    assertThat(ImageNames.modelTag("ABCDEF0123456789" + "0".repeat(48)))
        .isEqualTo("model-abcdef012345");
  }

  @Test
  void modelNameMustBeAPathComponent() {
    assertThat(ImageNames.modelName("half_plus_two-v2.1")).isEqualTo("half_plus_two-v2.1");
    assertThatThrownBy(() -> ImageNames.modelName("../etc"))
        .isInstanceOf(UserError.class)
        .hasMessage("--model-name '../etc' is not a usable model name");
  }
}
