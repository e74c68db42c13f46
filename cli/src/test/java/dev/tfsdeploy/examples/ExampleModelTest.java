package dev.tfsdeploy.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tfsdeploy.model.ArchiveLimits;
import dev.tfsdeploy.model.ExtractListener;
import dev.tfsdeploy.model.ExtractRequest;
import dev.tfsdeploy.model.ModelExtractor;
import dev.tfsdeploy.model.SavedModelValidator;
import dev.tfsdeploy.model.SignatureJson;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shipped example is a real, current export: the generator still reproduces it. */
class ExampleModelTest {
  private static final Path SHIPPED =
      Path.of(
          System.getProperty("tfsdeploy.projectRoot", ".."), "examples", "half_plus_two.tar.gz");

  @TempDir Path dir;

  @Test
  void shippedExampleHasTheSignaturesTheGeneratorExports() throws Exception {
    Path regenerated = dir.resolve("regenerated.tar.gz");
    ExampleModel.write(regenerated);

    assertThat(signatures(SHIPPED, "shipped")).isEqualTo(signatures(regenerated, "regenerated"));
  }

  private String signatures(Path archive, String out) {
    Path modelDir = extract(archive, dir.resolve(out));
    return SignatureJson.render(new SavedModelValidator().validateModel(modelDir), true);
  }

  private static Path extract(Path archive, Path out) {
    return new ModelExtractor(new ExtractListener() {})
        .extract(
            new ExtractRequest(archive, ExampleModel.NAME, out, null, null, ArchiveLimits.DEFAULTS))
        .modelDir();
  }
}
