package dev.tfsdeploy.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tfsdeploy.UserError;
import dev.tfsdeploy.model.ArchiveLimits;
import dev.tfsdeploy.model.ExtractListener;
import dev.tfsdeploy.model.ExtractRequest;
import dev.tfsdeploy.model.ModelExtractor;
import dev.tfsdeploy.release.RetryPolicy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Models from Cloud Storage through Google's real client against a loopback JSON API: archive
 * objects in parallel verified ranges, SavedModel prefixes placed as extracted archives, and every
 * fault a download meets.
 */
class GcsModelDownloadTest {
  static final Path EXAMPLE_MODEL =
      Path.of(System.getProperty("tfsdeploy.projectRoot", ".."))
          .toAbsolutePath()
          .normalize()
          .resolve("examples/half_plus_two.tar.gz");
  private static final long RANGE = 64 * 1024;

  @TempDir Path temp;
  final FakeGcsServer gcs = new FakeGcsServer();
  final List<String> retries = new ArrayList<>();
  final List<Duration> waits = new ArrayList<>();

  GcsModelDownloadTest() throws IOException {}

  @AfterEach
  void stop() {
    gcs.close();
  }

  private GcsModelDownload.Fetched download(String uri) {
    return download(uri, null);
  }

  private GcsModelDownload.Fetched download(String uri, String modelName) {
    CloudStorage storage =
        CloudStorage.connect(
            name ->
                Optional.ofNullable(
                    Map.of(CloudStorage.EMULATOR_ENV, gcs.emulatorHost()).get(name)),
            Optional.empty(),
            secret -> {},
            "tfs-deploy/test",
            Duration.ofSeconds(10));
    RetryPolicy noWaiting =
        new RetryPolicy(
            4,
            Duration.ofSeconds(1),
            Duration.ofSeconds(8),
            Duration.ofMinutes(1),
            Clock.systemUTC(),
            waits::add,
            () -> 0.5);
    StorageListener listener =
        new StorageListener() {
          @Override
          public void retrying(String reason, Duration delay, int nextAttempt, int maxAttempts) {
            retries.add(reason);
          }
        };
    try (storage) {
      return new GcsModelDownload(storage, noWaiting, listener, ExtractListener.NONE, RANGE, 3)
          .into(new GcsModelDownload.Request(GcsUri.parse(uri), temp.resolve("out"), modelName));
    }
  }

  private static byte[] random(int size) {
    byte[] bytes = new byte[size];
    new Random(size).nextBytes(bytes);
    return bytes;
  }

  private List<Path> leftInOut() throws IOException {
    Path out = temp.resolve("out");
    if (!Files.exists(out)) {
      return List.of();
    }
    try (Stream<Path> files = Files.walk(out)) {
      return files.filter(Files::isRegularFile).toList();
    }
  }

  /** The example model's files, as `gsutil cp -r` would upload its version directory. */
  private void uploadExampleModel(String bucket, String prefix) throws IOException {
    Path extracted =
        new ModelExtractor(ExtractListener.NONE)
            .extract(
                new ExtractRequest(
                    EXAMPLE_MODEL,
                    "m",
                    temp.resolve("example"),
                    null,
                    null,
                    ArchiveLimits.DEFAULTS))
            .modelDir();
    try (Stream<Path> files = Files.walk(extracted)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        gcs.put(
            bucket,
            prefix + extracted.relativize(file).toString().replace('\\', '/'),
            Files.readAllBytes(file));
      }
    }
  }

  @Test
  void anArchiveObjectIsReadInParallelRangesAndVerifiedAgainstItsChecksums() throws IOException {
    byte[] content = random(300 * 1024);
    long generation = gcs.put("models", "releases/model.tar.gz", content);

    GcsModelDownload.Fetched fetched = download("gs://models/releases/model.tar.gz");

    assertThat(fetched.archive()).isTrue();
    assertThat(Files.readAllBytes(fetched.path())).isEqualTo(content);
    assertThat(fetched.path()).isEqualTo(temp.resolve("out/model.tar.gz"));
    assertThat(fetched.verified()).isEqualTo("CRC-32C and MD5");
    assertThat(fetched.provenance()).isEqualTo("gs://models/releases/model.tar.gz#" + generation);
    assertThat(gcs.mediaRanges())
        .containsExactlyInAnyOrder(
            "bytes=0-65535",
            "bytes=65536-131071",
            "bytes=131072-196607",
            "bytes=196608-262143",
            "bytes=262144-307199");
  }

  @Test
  void aCompositeObjectWithoutMd5IsVerifiedAgainstItsCrc32cAlone() {
    gcs.put("models", "model.tar.gz", random(200 * 1024), false);

    assertThat(download("gs://models/model.tar.gz").verified()).isEqualTo("CRC-32C");
  }

  @Test
  void aBodyDroppedMidRangeIsResumedWhereItStopped() throws IOException {
    // The client's read channel asks for the rest itself; a failure of that request is retried by
    // the range's own loop (the 5xx tests below).
    byte[] content = random(100 * 1024); // one range: under twice the range size
    gcs.put("models", "model.tar.gz", content);
    gcs.thenDropMidBody();

    GcsModelDownload.Fetched fetched = download("gs://models/model.tar.gz");

    assertThat(Files.readAllBytes(fetched.path())).isEqualTo(content);
    List<String> ranges = gcs.mediaRanges();
    assertThat(ranges).hasSize(2);
    long resumedAt = Long.parseLong(ranges.get(1).replaceAll("bytes=(\\d+)-.*", "$1"));
    assertThat(resumedAt).isGreaterThan(0).isLessThan(content.length);
  }

  @Test
  void aServerErrorIsRetriedWithTheBackoffOfTheRetryPolicy() throws IOException {
    byte[] content = random(1000);
    gcs.put("models", "model.tar.gz", content);
    gcs.thenStatus(503).thenStatus(503);

    GcsModelDownload.Fetched fetched = download("gs://models/model.tar.gz");

    assertThat(Files.readAllBytes(fetched.path())).isEqualTo(content);
    assertThat(retries)
        .containsExactly("HTTP 503 from Cloud Storage", "HTTP 503 from Cloud Storage");
    assertThat(waits).hasSize(2);
  }

  @Test
  void serverErrorsPastTheRetryBudgetFailAndLeaveNothing() throws IOException {
    gcs.put("models", "model.tar.gz", random(1000));
    gcs.thenStatus(500).thenStatus(500).thenStatus(500).thenStatus(500);

    assertThatThrownBy(() -> download("gs://models/model.tar.gz"))
        .isInstanceOf(UserError.class)
        .hasMessageContaining("gave up downloading gs://models/model.tar.gz after 4 attempts");
    assertThat(leftInOut()).isEmpty();
  }

  @Test
  void aCrc32cMismatchFailsAndDeletesThePartialFile() throws IOException {
    gcs.put("models", "model.tar.gz", random(300 * 1024));
    gcs.corruptListedCrc32c("models", "model.tar.gz");

    assertThatThrownBy(() -> download("gs://models/model.tar.gz"))
        .isInstanceOf(UserError.class)
        .hasMessageStartingWith("CRC-32C mismatch for gs://models/model.tar.gz")
        .hasMessageContaining("the partial file was deleted");
    assertThat(leftInOut()).isEmpty();
  }

  @Test
  void anObjectListingBothChecksumsIsVerifiedAgainstBoth() throws IOException {
    byte[] content = random(300 * 1024);
    gcs.put("models", "model.tar.gz", content);

    GcsModelDownload.Fetched fetched = download("gs://models/model.tar.gz");

    assertThat(Files.readAllBytes(fetched.path())).isEqualTo(content);
    assertThat(fetched.verified()).isEqualTo("CRC-32C and MD5");
  }

  @Test
  void anMd5MismatchBesideAMatchingCrc32cFailsAndDeletesThePartialFile() throws IOException {
    gcs.put("models", "model.tar.gz", random(300 * 1024));
    gcs.corruptListedMd5("models", "model.tar.gz");

    assertThatThrownBy(() -> download("gs://models/model.tar.gz"))
        .isInstanceOf(UserError.class)
        .hasMessageStartingWith("MD5 mismatch for gs://models/model.tar.gz");
    assertThat(leftInOut()).isEmpty();
  }

  @Test
  void anObjectListingNoCrc32cIsVerifiedAgainstItsMd5() throws IOException {
    byte[] content = random(300 * 1024);
    gcs.putWithoutCrc32c("models", "model.tar.gz", content);

    GcsModelDownload.Fetched fetched = download("gs://models/model.tar.gz");

    assertThat(Files.readAllBytes(fetched.path())).isEqualTo(content);
    assertThat(fetched.verified()).isEqualTo("MD5");
  }

  @Test
  void anMd5MismatchOfAnObjectListingNoCrc32cFailsAndDeletesThePartialFile() throws IOException {
    gcs.putWithoutCrc32c("models", "model.tar.gz", random(300 * 1024));
    gcs.corruptListedMd5("models", "model.tar.gz");

    assertThatThrownBy(() -> download("gs://models/model.tar.gz"))
        .isInstanceOf(UserError.class)
        .hasMessageStartingWith("MD5 mismatch for gs://models/model.tar.gz");
    assertThat(leftInOut()).isEmpty();
  }

  @Test
  void anEmptyObjectIsWrittenWithoutAMediaRequest() throws IOException {
    gcs.put("models", "empty.tar", new byte[0]);

    GcsModelDownload.Fetched fetched = download("gs://models/empty.tar");

    assertThat(fetched.path()).isEmptyFile();
    assertThat(fetched.verified()).isEqualTo("CRC-32C and MD5");
    assertThat(gcs.mediaRanges()).isEmpty();
  }

  @Test
  void aRangeThatFailsIsRetriedAloneWhileTheOthersComplete() throws IOException {
    byte[] content = random(300 * 1024);
    gcs.put("models", "model.tar.gz", content);
    gcs.thenStatus(502);

    GcsModelDownload.Fetched fetched = download("gs://models/model.tar.gz");

    assertThat(Files.readAllBytes(fetched.path())).isEqualTo(content);
    assertThat(retries).containsExactly("HTTP 502 from Cloud Storage");
    assertThat(gcs.mediaRanges()).hasSize(6); // five ranges, one of them asked for twice
  }

  @Test
  void anObjectReplacedWhileDownloadingFailsNamingTheGenerationAndLeavesNothing()
      throws IOException {
    long generation = gcs.put("models", "model.tar.gz", random(300 * 1024));
    gcs.thenReplace("models", "model.tar.gz", random(300 * 1024 + 1));

    assertThatThrownBy(() -> download("gs://models/model.tar.gz"))
        .isInstanceOf(UserError.class)
        .hasMessage(
            "gs://models/model.tar.gz generation "
                + generation
                + " was replaced or deleted while downloading");
    assertThat(leftInOut()).isEmpty();
  }

  @Test
  void aPermissionDenialNamesThePrincipalAndTheViewerRole() {
    gcs.put("models", "model.tar.gz", random(10));
    gcs.denyAll(403);

    assertThatThrownBy(() -> download("gs://models/model.tar.gz"))
        .isInstanceOf(UserError.class)
        .hasMessageStartingWith(
            "anonymous (STORAGE_EMULATOR_HOST) may not read gs://models/model.tar.gz (HTTP 403")
        .extracting(e -> ((UserError) e).fix())
        .asString()
        .contains("roles/storage.objectViewer");
  }

  @Test
  void aMissingObjectListsWhatLiesBesideIt() {
    gcs.put("models", "releases/model-v1.tar.gz", random(10));
    gcs.put("models", "releases/v2/model.tar.gz", random(10));

    assertThatThrownBy(() -> download("gs://models/releases/model.tgz"))
        .isInstanceOf(UserError.class)
        .hasMessage(
            "no object or prefix gs://models/releases/model.tgz; gs://models/releases/ holds"
                + " model-v1.tar.gz, v2/");
  }

  @Test
  void aMissingBucketIsNamed() {
    gcs.bucket("models");

    assertThatThrownBy(() -> download("gs://modles/model.tar.gz"))
        .isInstanceOf(UserError.class)
        .hasMessage("bucket gs://modles does not exist");
  }

  @Test
  void aPrefixOfVersionDirectoriesIsPlacedAsAnExtractedArchiveIs() throws IOException {
    uploadExampleModel("models", "exports/half_plus_two/");
    gcs.pageSize(2); // the listing takes several pages

    GcsModelDownload.Fetched fetched = download("gs://models/exports/half_plus_two", "hpt");

    assertThat(fetched.archive()).isFalse();
    assertThat(fetched.path()).isEqualTo(temp.resolve("out/hpt"));
    assertThat(fetched.path().resolve("1/saved_model.pb")).isRegularFile();
    assertThat(fetched.path().resolve("1/variables/variables.index")).isRegularFile();
    assertThat(fetched.provenance()).startsWith("gs://models/exports/half_plus_two#");
  }

  @Test
  void aPrefixWithSavedModelAtItsTopBecomesVersionOneNamedAfterThePrefix() throws IOException {
    uploadExampleModel("models", "tmp/");
    // As tf.saved_model.save leaves it: the version directory's contents at the top.
    gcs.copyAllUnder("models", "tmp/1/", "flat_model/");

    GcsModelDownload.Fetched fetched = download("gs://models/flat_model");

    assertThat(fetched.path()).isEqualTo(temp.resolve("out/flat_model"));
    assertThat(fetched.path().resolve("1/saved_model.pb")).isRegularFile();
  }

  @Test
  void aPrefixWithoutSavedModelIsRefusedBeforeAnythingIsDownloaded() throws IOException {
    gcs.put("models", "notes/readme.txt", random(10));
    gcs.put("models", "notes/model/variables.index", random(10));

    assertThatThrownBy(() -> download("gs://models/notes"))
        .isInstanceOf(UserError.class)
        .hasMessage(
            "gs://models/notes holds no SavedModel: no saved_model.pb directly under it or in a"
                + " numbered version directory (it holds model/variables.index, readme.txt)");
    assertThat(gcs.mediaRanges()).isEmpty();
    assertThat(leftInOut()).isEmpty();
  }
}
