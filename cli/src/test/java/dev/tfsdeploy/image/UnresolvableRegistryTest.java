package dev.tfsdeploy.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.cloud.tools.jib.api.ImageReference;
import dev.tfsdeploy.UserError;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A registry host that does not resolve (no network, or a wrong name) is one error at once, not a
 * minute of Jib's retries. Names under {@code .invalid} never resolve (RFC 6761).
 */
class UnresolvableRegistryTest {
  @TempDir Path temp;
  private final RecordingListener listener = new RecordingListener();

  @Test
  @Timeout(20)
  void baseRegistryThatDoesNotResolveFailsAtOnceSuggestingABaseSavedToDisk() throws Exception {
    ImageTarget tarball =
        new ImageTarget.Tarball(temp.resolve("image.tar"), ImageNames.repository("local/model"));
    BaseImage base = new BaseImage.Registry(ImageReference.parse("nonexistent.invalid/serving:1"));

    assertThatThrownBy(() -> build(base, tarball))
        .isInstanceOf(UserError.class)
        .hasMessageStartingWith("registry host nonexistent.invalid not found")
        .extracting(e -> ((UserError) e).fix())
        .asString()
        .contains("--base", "pass --base tar:FILE");
    assertThat(temp.resolve("image.tar")).doesNotExist();
  }

  @Test
  @Timeout(20)
  void targetRegistryThatDoesNotResolveFailsAtOnceNamingImage() throws Exception {
    Path saved = Files.writeString(temp.resolve("serving.tar"), "not read: the lookup fails first");
    ImageTarget target =
        new ImageTarget.Registry(ImageNames.repository("nonexistent.invalid:5000/models/m"));

    assertThatThrownBy(() -> build(new BaseImage.Tarball(saved), target))
        .isInstanceOf(UserError.class)
        .hasMessageStartingWith("registry host nonexistent.invalid not found")
        .extracting(e -> ((UserError) e).fix())
        .asString()
        .contains("--image", "--to tar:PATH");
  }

  private BuiltImage build(BaseImage base, ImageTarget target) throws Exception {
    Path model = temp.resolve("model");
    ModelFixtures.version(model, "1", 5, 1_000);
    long started = System.nanoTime();
    try {
      return ModelImageBuilderTest.builder(temp, listener)
          .build(
              new ModelImageRequest(
                  model,
                  "m",
                  base,
                  target,
                  List.of("t"),
                  Optional.empty(),
                  ImageProvenance.UNKNOWN,
                  false,
                  LayerCompression.AUTO));
    } finally {
      // Jib's retries of an unknown host take about a minute; one failed lookup takes well under.
      assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
    }
  }
}
