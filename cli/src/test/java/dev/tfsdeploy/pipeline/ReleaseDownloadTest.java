package dev.tfsdeploy.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tfsdeploy.UserError;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The checks made before the first request; DownloadCommandTest downloads from a mock GitHub. */
class ReleaseDownloadTest {
  /** Nothing listens here: a request would fail with a network error, not the one expected. */
  static final String NOWHERE = "http://127.0.0.1:9";

  @TempDir Path temp;

  private void download(String repo, String sha256) {
    new ReleaseDownload(new StepContexts().context)
        .into(
            temp,
            new ReleaseDownload.Request(repo, "model.tar.gz", null, false, sha256, NOWHERE, null));
  }

  @Test
  void aDigestThatIsNotSha256IsRefusedBeforeAnyRequest() {
    assertThatThrownBy(() -> download("acme/models", "not-hex"))
        .isInstanceOf(UserError.class)
        .hasMessage("--sha256 'not-hex' is not a SHA-256 digest")
        .satisfies(e -> assertThat(((UserError) e).fix()).contains("64 hex digits"));
  }

  @Test
  void aRepositoryThatIsNotOwnerSlashNameIsRefusedBeforeAnyRequest() {
    assertThatThrownBy(() -> download("acme", null))
        .isInstanceOf(UserError.class)
        .hasMessageContaining("acme");
    assertThat(temp).isEmptyDirectory();
  }
}
