package dev.tfsdeploy.release;

import static dev.tfsdeploy.release.GitHubFixtures.notFound;
import static dev.tfsdeploy.release.GitHubFixtures.randomBytes;
import static dev.tfsdeploy.release.GitHubFixtures.redirectTo;
import static dev.tfsdeploy.release.GitHubFixtures.sha256Hex;
import static dev.tfsdeploy.release.GitHubTestKit.REPOSITORY;
import static dev.tfsdeploy.release.GitHubTestKit.TOKEN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tfsdeploy.UserError;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class AssetDownloaderTest {
  private static final byte[] CONTENT = randomBytes(1024 * 1024 + 17, 42);
  private static final Sha256 CONTENT_SHA256 = new Sha256(sha256Hex(CONTENT));
  private static final ReleaseAsset ASSET =
      new ReleaseAsset(
          4711,
          "model.tar.gz",
          CONTENT.length,
          "https://github.com/acme/models/releases/download/v1/model.tar.gz",
          "sha256:" + CONTENT_SHA256);

  @TempDir Path out;
  private GitHubTestKit github;
  private StorageServer storage;

  @BeforeEach
  void startServers() throws IOException {
    github = new GitHubTestKit();
    storage = new StorageServer(CONTENT);
  }

  @AfterEach
  void stopServers() {
    storage.close();
    github.close();
  }

  /** The API answers each asset request with a redirect to the storage host. */
  private void apiRedirects(int times) {
    for (int i = 0; i < times; i++) {
      github.api.enqueue(redirectTo(storage.url()));
    }
  }

  private DownloadedAsset download(ReleaseAsset asset, Optional<Sha256> expected) {
    return github.downloader().download(REPOSITORY, asset, out, expected);
  }

  private List<Path> filesInOut() throws IOException {
    try (Stream<Path> files = Files.list(out)) {
      return files.toList();
    }
  }

  @Test
  void followsTheRedirectToStorageWithoutSendingTheToken() throws Exception {
    apiRedirects(1);

    DownloadedAsset result = download(ASSET, Optional.empty());

    RecordedRequest api = github.takeRequest();
    assertThat(api.getTarget()).isEqualTo("/repos/acme/models/releases/assets/4711");
    assertThat(api.getHeaders().get("Accept")).isEqualTo("application/octet-stream");
    assertThat(api.getHeaders().get("Authorization")).isEqualTo("Bearer " + TOKEN);
    RecordedRequest stored = storage.server().takeRequest();
    assertThat(stored.getUrl().host()).isEqualTo("127.0.0.1").isNotEqualTo(api.getUrl().host());
    assertThat(stored.getTarget())
        .startsWith("/github-production-release-asset/123456/model.tar.gz?X-Amz-Signature=");
    assertThat(stored.getHeaders().get("Authorization")).isNull();
    assertThat(stored.getHeaders().get("X-GitHub-Api-Version")).isNull();
    assertThat(stored.getHeaders().toString()).doesNotContain(TOKEN);

    assertThat(result.path()).isEqualTo(out.resolve("model.tar.gz"));
    assertThat(Files.readAllBytes(result.path())).isEqualTo(CONTENT);
    assertThat(result.sha256()).isEqualTo(CONTENT_SHA256);
    assertThat(result.verifiedAgainst()).isEqualTo("GitHub's digest for the asset");
    assertThat(filesInOut()).containsExactly(out.resolve("model.tar.gz"));
  }

  @Test
  void droppedConnectionResumesWithARangeRequest() throws Exception {
    storage.thenDropMidBody();
    apiRedirects(2);

    DownloadedAsset result = download(ASSET, Optional.empty());

    assertThat(Files.readAllBytes(result.path())).isEqualTo(CONTENT);
    assertThat(result.sha256()).isEqualTo(CONTENT_SHA256);
    RecordedRequest first = storage.server().takeRequest();
    RecordedRequest second = storage.server().takeRequest();
    assertThat(first.getHeaders().get("Range")).isNull();
    String range = second.getHeaders().get("Range");
    assertThat(range).matches("bytes=\\d+-");
    long offset = Long.parseLong(range.replaceAll("\\D", ""));
    assertThat(offset).isBetween(1L, CONTENT.length - 1L);
    assertThat(second.getHeaders().get("If-Range")).isEqualTo(StorageServer.ETAG);
    assertThat(second.getHeaders().get("Authorization")).isNull();
    assertThat(github.events).contains("resumed at " + offset).endsWith("finished model.tar.gz");
    assertThat(github.sleeps).hasSize(1);
    assertThat(filesInOut()).containsExactly(out.resolve("model.tar.gz"));
  }

  @Test
  // Without the watchdog the read would block for good; a separate thread lets the test fail.
  @Timeout(value = 20, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void stalledTransferIsCancelledAndResumed() throws Exception {
    storage.thenStallMidBody();
    apiRedirects(2);

    DownloadedAsset result =
        new AssetDownloader(github.http, Duration.ofMillis(300))
            .download(REPOSITORY, ASSET, out, Optional.empty());

    assertThat(Files.readAllBytes(result.path())).isEqualTo(CONTENT);
    assertThat(github.events.get(0)).startsWith("retry 2/6 in 750ms: the connection dropped: ");
    assertThat(github.events.get(1)).startsWith("resumed at ");
  }

  @Test
  void serverThatIgnoresTheRangeMakesTheDownloadStartOverCleanly() throws Exception {
    storage.thenDropMidBody().thenIgnoreRange();
    apiRedirects(2);

    DownloadedAsset result = download(ASSET, Optional.empty());

    assertThat(Files.readAllBytes(result.path())).isEqualTo(CONTENT);
    assertThat(github.events).contains("restarted: HTTP 200 instead of the requested range");
    storage.server().takeRequest();
    assertThat(storage.server().takeRequest().getHeaders().get("Range")).startsWith("bytes=");
  }

  @Test
  void storageServerErrorIsRetriedOnTheStorageHost() throws Exception {
    storage.thenStatus(500);
    apiRedirects(1);

    DownloadedAsset result = download(ASSET, Optional.empty());

    assertThat(Files.readAllBytes(result.path())).isEqualTo(CONTENT);
    assertThat(github.events.get(0)).isEqualTo("retry 2/6 in 750ms: HTTP 500 from 127.0.0.1");
    assertThat(storage.server().getRequestCount()).isEqualTo(2);
  }

  @Test
  void connectionThatKeepsDroppingGivesUpAndLeavesNothingBehind() throws Exception {
    for (int i = 0; i < 6; i++) {
      storage.thenDropMidBody();
    }
    apiRedirects(6);

    assertThatThrownBy(() -> download(ASSET, Optional.empty()))
        .isInstanceOf(UserError.class)
        .hasMessageStartingWith(
            "gave up downloading model.tar.gz after 6 attempts: the connection");
    assertThat(filesInOut()).isEmpty();
  }

  @Test
  void digestMismatchDeletesTheFileAndNamesBothDigests() throws Exception {
    String published = "0".repeat(64);
    ReleaseAsset tampered =
        new ReleaseAsset(
            ASSET.id(),
            ASSET.name(),
            ASSET.size(),
            ASSET.browserDownloadUrl(),
            "sha256:" + published);
    apiRedirects(1);

    assertThatThrownBy(() -> download(tampered, Optional.empty()))
        .isInstanceOf(UserError.class)
        .hasMessage(
            "SHA-256 mismatch for model.tar.gz: downloaded "
                + CONTENT_SHA256
                + ", but GitHub's digest for the asset is "
                + published)
        .satisfies(e -> assertThat(((UserError) e).fix()).contains("the file was deleted"));
    assertThat(filesInOut()).isEmpty();
  }

  @Test
  void expectedSha256MismatchDeletesTheFileAndNamesTheOption() throws Exception {
    ReleaseAsset undigested =
        new ReleaseAsset(ASSET.id(), ASSET.name(), ASSET.size(), ASSET.browserDownloadUrl(), null);
    Sha256 wrong = new Sha256("f".repeat(64));
    apiRedirects(1);

    assertThatThrownBy(() -> download(undigested, Optional.of(wrong)))
        .isInstanceOf(UserError.class)
        .hasMessage(
            "SHA-256 mismatch for model.tar.gz: downloaded "
                + CONTENT_SHA256
                + ", but --sha256 is "
                + wrong);
    assertThat(filesInOut()).isEmpty();
  }

  @Test
  void expectedSha256IsCheckedAlongsideGitHubsDigest() {
    apiRedirects(1);

    DownloadedAsset result = download(ASSET, Optional.of(CONTENT_SHA256));

    assertThat(result.verifiedAgainst()).isEqualTo("GitHub's digest for the asset and --sha256");
  }

  @Test
  void assetWithoutAnyDigestIsDownloadedUnverified() throws Exception {
    ReleaseAsset undigested =
        new ReleaseAsset(ASSET.id(), ASSET.name(), ASSET.size(), ASSET.browserDownloadUrl(), null);
    apiRedirects(1);

    DownloadedAsset result = download(undigested, Optional.empty());

    assertThat(result.verifiedAgainst()).isNull();
    assertThat(result.sha256()).isEqualTo(CONTENT_SHA256);
  }

  @Test
  void assetGoneFromTheApiIsNotRetriedAndLeavesNothingBehind() throws Exception {
    github.api.enqueue(notFound());

    assertThatThrownBy(() -> download(ASSET, Optional.empty()))
        .isInstanceOf(UserError.class)
        .hasMessage("asset model.tar.gz (id 4711) of acme/models is gone");
    assertThat(github.api.getRequestCount()).isEqualTo(1);
    assertThat(github.sleeps).isEmpty();
    assertThat(filesInOut()).isEmpty();
  }

  @Test
  void storageRefusalIsReportedWithItsHost() throws Exception {
    storage.thenStatus(403);
    apiRedirects(1);

    assertThatThrownBy(() -> download(ASSET, Optional.empty()))
        .isInstanceOf(UserError.class)
        .hasMessage(
            "the storage host 127.0.0.1 refused the download of model.tar.gz with HTTP 403");
    assertThat(filesInOut()).isEmpty();
  }

  @Test
  void bodyLongerThanTheListedSizeWithoutContentLengthIsCutOffAndDeleted() throws Exception {
    storage.thenSendMoreWithoutLength(8 << 20);
    apiRedirects(1);

    assertThatThrownBy(() -> download(ASSET, Optional.empty()))
        .isInstanceOf(UserError.class)
        .hasMessage(
            "127.0.0.1 sent more than the "
                + CONTENT.length
                + " bytes GitHub lists for model.tar.gz;"
                + " the partial file was deleted");
    assertThat(filesInOut()).isEmpty();
  }

  @Test
  void danglingOutputLinkIsRefusedByNameAndKept() throws Exception {
    Path link = Files.createSymbolicLink(out.resolve("link"), out.resolve("nowhere"));

    assertThatThrownBy(
            () -> github.downloader().download(REPOSITORY, ASSET, link, Optional.empty()))
        .isInstanceOf(UserError.class)
        .hasMessage(
            "--out "
                + link
                + " is a symbolic link to "
                + out.resolve("nowhere")
                + ", which does not exist");
    assertThat(Files.isSymbolicLink(link)).isTrue();
    assertThat(filesInOut()).containsExactly(link);
  }

  @Test
  void outputLinkToADirectoryIsFollowedAndKept() throws Exception {
    Path real = Files.createDirectory(out.resolve("real"));
    Path link = Files.createSymbolicLink(out.resolve("link"), real);
    apiRedirects(1);

    github.downloader().download(REPOSITORY, ASSET, link, Optional.empty());

    assertThat(Files.isSymbolicLink(link)).isTrue();
    assertThat(Files.readAllBytes(real.resolve("model.tar.gz"))).isEqualTo(CONTENT);
  }

  @Test
  void existingFileIsReplacedWhole() throws Exception {
    Files.writeString(out.resolve("model.tar.gz"), "an older download");
    apiRedirects(1);

    download(ASSET, Optional.empty());

    assertThat(Files.readAllBytes(out.resolve("model.tar.gz"))).isEqualTo(CONTENT);
    assertThat(filesInOut()).hasSize(1);
  }

  @Test
  void missingOutputDirectoryIsCreated() throws Exception {
    apiRedirects(1);

    DownloadedAsset result =
        github.downloader().download(REPOSITORY, ASSET, out.resolve("a/b"), Optional.empty());

    assertThat(result.path()).isEqualTo(out.resolve("a/b/model.tar.gz"));
    assertThat(Files.size(result.path())).isEqualTo(CONTENT.length);
  }

  @Test
  void assetNameThatIsAPathIsRefusedBeforeAnyRequest() throws Exception {
    ReleaseAsset evil = new ReleaseAsset(1, "../model.tar.gz", 1, "https://example.invalid", null);

    assertThatThrownBy(() -> download(evil, Optional.empty()))
        .isInstanceOf(UserError.class)
        .hasMessage("release asset name '../model.tar.gz' cannot be used as a file name");
    assertThat(github.api.getRequestCount()).isZero();
    assertThat(filesInOut()).isEmpty();
  }
}
