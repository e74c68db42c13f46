package dev.tfsdeploy.image;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.cloud.tools.jib.api.ImageReference;
import com.google.cloud.tools.jib.api.InvalidImageReferenceException;
import com.google.cloud.tools.jib.api.RegistryUnauthorizedException;
import dev.tfsdeploy.UserError;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class JibFailuresTest {
  private final CredentialTrail targetTrail = new CredentialTrail();

  private UserError artifactRegistryRefusal() throws InvalidImageReferenceException {
    ImageReference repository = ImageReference.parse("europe-docker.pkg.dev/p/r/model");
    JibFailures failures =
        new JibFailures(
            new BaseImage.Tarball(Path.of("base.tar")),
            new ImageTarget.Registry(repository),
            new CredentialTrail(),
            targetTrail,
            false);
    return failures.explain(
        new RegistryUnauthorizedException("europe-docker.pkg.dev", "p/r/model", null));
  }

  @Test
  void artifactRegistryWithoutAnyCredentialsSaysHowToLogInOnALaptop() throws Exception {
    targetTrail.missed("Google Application Default Credentials", "no Google credentials found");

    UserError error = artifactRegistryRefusal();

    assertThat(error.getMessage()).contains("cannot push to europe-docker.pkg.dev/p/r/model");
    assertThat(error.fix())
        .contains("gcloud auth application-default login")
        .contains("google-github-actions/auth");
  }

  @Test
  void artifactRegistryRefusingCredentialsAsksForTheWriterRole() throws Exception {
    targetTrail.found("Google Application Default Credentials");

    assertThat(artifactRegistryRefusal().fix())
        .isEqualTo("give the Google identity roles/artifactregistry.writer on the repository");
  }
}
