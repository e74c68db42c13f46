package dev.tfsdeploy.release;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tfsdeploy.UserError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RepositoryNameTest {
  @Test
  void parsesOwnerAndName() {
    assertThat(RepositoryName.parse("tensorflow/serving"))
        .isEqualTo(new RepositoryName("tensorflow", "serving"));
    assertThat(RepositoryName.parse("acme-ml/models.v2_x")).hasToString("acme-ml/models.v2_x");
  }

  @Test
  void toleratesTheGitSuffixOfAPastedCloneUrlTail() {
    assertThat(RepositoryName.parse("acme/models.git"))
        .isEqualTo(new RepositoryName("acme", "models"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "acme",
        "/models",
        "acme/",
        "acme/models/extra",
        "ac me/models",
        "acme/..",
        "-acme/models"
      })
  void refusesWhatIsNotOwnerSlashName(String text) {
    assertThatThrownBy(() -> RepositoryName.parse(text))
        .isInstanceOf(UserError.class)
        .hasMessageContaining("is not a GitHub repository name")
        .extracting(e -> ((UserError) e).fix())
        .asString()
        .contains("owner/name");
  }
}
