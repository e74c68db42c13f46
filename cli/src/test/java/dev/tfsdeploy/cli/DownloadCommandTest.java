package dev.tfsdeploy.cli;

import static dev.tfsdeploy.release.GitHubFixtures.error;
import static dev.tfsdeploy.release.GitHubFixtures.notFound;
import static dev.tfsdeploy.release.GitHubFixtures.randomBytes;
import static dev.tfsdeploy.release.GitHubFixtures.redirectTo;
import static dev.tfsdeploy.release.GitHubFixtures.releaseList;
import static dev.tfsdeploy.release.GitHubFixtures.sha256Hex;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tfsdeploy.actions.ActionsEnvironment;
import dev.tfsdeploy.actions.Console;
import dev.tfsdeploy.release.GitHubFixtures.ReleaseJson;
import dev.tfsdeploy.release.StorageServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import mockwebserver3.MockWebServer;
import okhttp3.HttpUrl;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tfs-deploy download} end to end, in-process, against a GitHub API on MockWebServer. */
class DownloadCommandTest {
  private static final String TOKEN = "ghp_CliT0kenThatMustNeverLeakQ7rStUvWxYz12";
  private static final String REPO = "acme/models";
  private static final byte[] CONTENT = randomBytes(1536 * 1024, 7);
  private static final String CONTENT_SHA256 = sha256Hex(CONTENT);

  @TempDir Path temp;
  private Path out;
  private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
  private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
  private final Map<String, String> env = new HashMap<>();
  private final MockWebServer api = new MockWebServer();
  private StorageServer storage;

  @BeforeEach
  void startServers() throws IOException {
    api.start();
    storage = new StorageServer(CONTENT);
    out = temp.resolve("out");
    env.put("GITHUB_API_URL", api.url("/").toString());
    env.put("GITHUB_TOKEN", TOKEN);
  }

  @AfterEach
  void stopServers() {
    storage.close();
    api.close();
  }

  private int run(String... args) {
    Console console =
        new Console(
            new PrintStream(stdout, true, StandardCharsets.UTF_8),
            new PrintStream(stderr, true, StandardCharsets.UTF_8),
            new ActionsEnvironment(env),
            false);
    return Main.run(args, console, env);
  }

  private String stdout() {
    return stdout.toString(StandardCharsets.UTF_8);
  }

  private String stderr() {
    return stderr.toString(StandardCharsets.UTF_8);
  }

  private HttpUrl apiUrl() {
    return api.url("/");
  }

  private ReleaseJson release(String tag) {
    return new ReleaseJson(tag)
        .asset(apiUrl(), REPO, 21, "model-resnet.tar.gz", CONTENT)
        .asset(apiUrl(), REPO, 22, "model-bert.tar.gz", 99, null)
        .asset(apiUrl(), REPO, 23, "NOTICE", 10, null);
  }

  /** GitHub answers: the latest release, then the asset's redirect to storage. */
  private void serveLatestRelease() {
    api.enqueue(release("v1.2.0").response(apiUrl(), REPO));
    api.enqueue(redirectTo(storage.url()));
  }

  private List<Path> filesInOut() throws IOException {
    if (!Files.exists(out)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(out)) {
      return files.toList();
    }
  }

  @Test
  void downloadsTheLatestReleasesAssetAndPrintsOnlyItsPath() throws Exception {
    serveLatestRelease();

    int exit =
        run("download", "--repo", REPO, "--asset", "model-resnet.tar.gz", "--out", out.toString());

    assertThat(exit).as(stderr()).isZero();
    Path file = out.resolve("model-resnet.tar.gz").toAbsolutePath();
    assertThat(stdout()).isEqualTo(file + "\n");
    assertThat(Files.readAllBytes(file)).isEqualTo(CONTENT);
    assertThat(stderr())
        .contains("Release v1.2.0 of acme/models")
        .contains("Downloading model-resnet.tar.gz (1.5 MiB)")
        .contains("model-resnet.tar.gz: 1.5 MiB / 1.5 MiB (100%)")
        .contains("SHA-256 " + CONTENT_SHA256 + " verified against GitHub's digest for the asset");
    assertThat(api.takeRequest().getTarget()).isEqualTo("/repos/acme/models/releases/latest");
  }

  @Test
  void droppedConnectionIsResumedAndSaidSo() throws Exception {
    storage.thenDropMidBody();
    serveLatestRelease();
    api.enqueue(redirectTo(storage.url()));

    int exit =
        run("download", "--repo", REPO, "--asset", "model-resnet.tar.gz", "--out", out.toString());

    assertThat(exit).as(stderr()).isZero();
    assertThat(Files.readAllBytes(out.resolve("model-resnet.tar.gz"))).isEqualTo(CONTENT);
    assertThat(stderr())
        .containsPattern(
            "warning: the connection dropped: .*; retrying in \\d\\.\\ds \\(attempt 2 of 6\\)")
        .containsPattern("Resuming at \\d+\\.\\d KiB");
  }

  @Test
  void helpNamesEachOptionsEnvironmentVariable() {
    assertThat(run("download", "--help")).isZero();
    assertThat(stdout())
        .contains(
            "--repo=OWNER/NAME",
            "MODEL_RELEASE_REPO",
            "MODEL_RELEASE_FILE",
            "GITHUB_API_URL",
            "GITHUB_TOKEN")
        .doesNotContain(TOKEN);
  }

  @Test
  void globPicksTheOneMatchingAssetOfAGivenTag() throws Exception {
    api.enqueue(release("v1.0.0").response(apiUrl(), REPO));
    api.enqueue(redirectTo(storage.url()));

    int exit =
        run(
            "download",
            "--repo",
            REPO,
            "--asset",
            "*-resnet.tar.gz",
            "--release-tag",
            "v1.0.0",
            "--out",
            out.toString());

    assertThat(exit).as(stderr()).isZero();
    assertThat(stdout()).endsWith("model-resnet.tar.gz\n");
    assertThat(api.takeRequest().getTarget()).isEqualTo("/repos/acme/models/releases/tags/v1.0.0");
    assertThat(api.takeRequest().getTarget()).isEqualTo("/repos/acme/models/releases/assets/21");
  }

  @Test
  void theOldTagOptionStillPicksTheReleaseWithADeprecationWarning() throws Exception {
    api.enqueue(release("v1.0.0").response(apiUrl(), REPO));
    api.enqueue(redirectTo(storage.url()));

    int exit =
        run(
            "download",
            "--repo",
            REPO,
            "--asset",
            "*-resnet.tar.gz",
            "--tag",
            "v1.0.0",
            "--out",
            out.toString());

    assertThat(exit).as(stderr()).isZero();
    assertThat(api.takeRequest().getTarget()).isEqualTo("/repos/acme/models/releases/tags/v1.0.0");
    assertThat(stderr())
        .contains("download's --tag (TFS_DEPLOY_TAG) is deprecated: use --release-tag");
  }

  @Test
  void theReleaseTagComesFromTfsDeployReleaseTag() throws Exception {
    api.enqueue(release("v1.0.0").response(apiUrl(), REPO));
    api.enqueue(redirectTo(storage.url()));
    env.put("TFS_DEPLOY_RELEASE_TAG", "v1.0.0");

    int exit =
        run("download", "--repo", REPO, "--asset", "*-resnet.tar.gz", "--out", out.toString());

    assertThat(exit).as(stderr()).isZero();
    assertThat(api.takeRequest().getTarget()).isEqualTo("/repos/acme/models/releases/tags/v1.0.0");
    assertThat(stderr()).doesNotContain("deprecated");
  }

  @Test
  void ambiguousGlobFailsListingTheMatches() throws Exception {
    api.enqueue(release("v1.0.0").response(apiUrl(), REPO));

    int exit =
        run("download", "--repo", REPO, "--asset", "model-*.tar.gz", "--out", out.toString());

    assertThat(exit).isEqualTo(ExitCode.FAILURE);
    assertThat(stderr())
        .contains(
            "error: --asset 'model-*.tar.gz' matches 2 assets of release v1.0.0 of acme/models:"
                + " model-resnet.tar.gz, model-bert.tar.gz");
    assertThat(stdout()).isEmpty();
  }

  @Test
  void includePrereleasesTakesTheNewestNonDraftRelease() throws Exception {
    api.enqueue(releaseList(apiUrl(), REPO, release("v2.0.0-rc1").prerelease(), release("v1.2.0")));
    api.enqueue(redirectTo(storage.url()));
    env.put("GITHUB_ACTIONS", "true");
    Path outputs = Files.createFile(temp.resolve("github_output"));
    env.put("GITHUB_OUTPUT", outputs.toString());

    int exit =
        run(
            "download",
            "--repo",
            REPO,
            "--asset",
            "model-resnet.tar.gz",
            "--include-prereleases",
            "--out",
            out.toString());

    assertThat(exit).as(stderr()).isZero();
    assertThat(stderr()).contains("Release v2.0.0-rc1 of acme/models (prerelease)");
    assertThat(Files.readString(outputs))
        .containsPattern("release-tag<<(ghadelimiter_[-0-9a-f]+)\nv2\\.0\\.0-rc1\n\\1\n");
  }

  @Test
  void includePrereleasesCanComeFromTheEnvironment() throws Exception {
    api.enqueue(releaseList(apiUrl(), REPO, release("v2.0.0-rc1").prerelease()));
    api.enqueue(redirectTo(storage.url()));
    env.put("TFS_DEPLOY_INCLUDE_PRERELEASES", "true");

    int exit =
        run("download", "--repo", REPO, "--asset", "model-resnet.tar.gz", "--out", out.toString());

    assertThat(exit).as(stderr()).isZero();
    assertThat(api.takeRequest().getTarget()).isEqualTo("/repos/acme/models/releases?per_page=100");
  }

  @Test
  void underActionsWritesThePathSha256AndReleaseTagOutputsAndASummary() throws Exception {
    serveLatestRelease();
    env.put("GITHUB_ACTIONS", "true");
    Path outputs = Files.createFile(temp.resolve("github_output"));
    Path summary = Files.createFile(temp.resolve("step_summary"));
    env.put("GITHUB_OUTPUT", outputs.toString());
    env.put("GITHUB_STEP_SUMMARY", summary.toString());

    int exit =
        run("download", "--repo", REPO, "--asset", "model-resnet.tar.gz", "--out", out.toString());

    assertThat(exit).as(stderr()).isZero();
    String path = out.resolve("model-resnet.tar.gz").toAbsolutePath().toString();
    assertThat(Files.readString(outputs))
        .containsPattern(
            "path<<(ghadelimiter_[-0-9a-f]+)\n" + java.util.regex.Pattern.quote(path) + "\n\\1\n")
        .containsPattern("sha256<<(ghadelimiter_[-0-9a-f]+)\n" + CONTENT_SHA256 + "\n\\1\n")
        .containsPattern("release-tag<<(ghadelimiter_[-0-9a-f]+)\nv1\\.2\\.0\n\\1\n");
    assertThat(Files.readString(summary))
        .contains("Downloaded `model-resnet.tar.gz` (1.5 MiB) from `acme/models` release `v1.2.0`")
        .contains(CONTENT_SHA256);
  }

  @Test
  void repositoryAndAssetComeFromThePredecessorsVariables() throws Exception {
    serveLatestRelease();
    env.put("MODEL_RELEASE_REPO", REPO);
    env.put("MODEL_RELEASE_FILE", "model-resnet.tar.gz");

    int exit = run("download", "--out", out.toString());

    assertThat(exit).as(stderr()).isZero();
    assertThat(Files.readAllBytes(out.resolve("model-resnet.tar.gz"))).isEqualTo(CONTENT);
  }

  @Test
  void missingRepoIsAUsageError() {
    assertThat(run("download", "--asset", "model.tar.gz")).isEqualTo(ExitCode.USAGE);
    assertThat(stderr()).contains("missing --repo (or TFS_DEPLOY_REPO or MODEL_RELEASE_REPO)");
    assertThat(api.getRequestCount()).isZero();
  }

  @Test
  void missingAssetIsAUsageError() {
    assertThat(run("download", "--repo", REPO)).isEqualTo(ExitCode.USAGE);
    assertThat(stderr()).contains("missing --asset (or TFS_DEPLOY_ASSET or MODEL_RELEASE_FILE)");
    assertThat(api.getRequestCount()).isZero();
  }

  @Test
  void missingRepositoryExitsOneNamingTheTokenPermission() throws Exception {
    api.enqueue(notFound());
    api.enqueue(notFound());

    int exit =
        run(
            "download",
            "--repo",
            "acme/nothing",
            "--asset",
            "model.tar.gz",
            "--out",
            out.toString());

    assertThat(exit).isEqualTo(ExitCode.FAILURE);
    assertThat(stderr())
        .contains("error: GitHub repository acme/nothing was not found")
        .contains("contents: read");
    assertThat(filesInOut()).isEmpty();
  }

  @Test
  void missingAssetExitsOneListingTheReleasesAssets() throws Exception {
    api.enqueue(release("v1.2.0").response(apiUrl(), REPO));

    int exit = run("download", "--repo", REPO, "--asset", "model.tar.gz", "--out", out.toString());

    assertThat(exit).isEqualTo(ExitCode.FAILURE);
    assertThat(stderr())
        .contains("error: release v1.2.0 of acme/models has no asset matching 'model.tar.gz'")
        .contains("model-resnet.tar.gz, model-bert.tar.gz, NOTICE");
  }

  @Test
  void digestMismatchExitsOneAndLeavesNoFile() throws Exception {
    serveLatestRelease();

    int exit =
        run(
            "download",
            "--repo",
            REPO,
            "--asset",
            "model-resnet.tar.gz",
            "--sha256",
            "a".repeat(64),
            "--out",
            out.toString());

    assertThat(exit).isEqualTo(ExitCode.FAILURE);
    assertThat(stderr())
        .contains(
            "SHA-256 mismatch for model-resnet.tar.gz: downloaded "
                + CONTENT_SHA256
                + ", but --sha256 is "
                + "a".repeat(64));
    assertThat(filesInOut()).isEmpty();
    assertThat(stdout()).isEmpty();
  }

  @Test
  void malformedSha256IsRefusedBeforeAnyRequest() {
    int exit = run("download", "--repo", REPO, "--asset", "x", "--sha256", "abc");

    assertThat(exit).isEqualTo(ExitCode.FAILURE);
    assertThat(stderr()).contains("error: --sha256 'abc' is not a SHA-256 digest");
    assertThat(api.getRequestCount()).isZero();
  }

  @Test
  void tokenNeverAppearsInOutputOnSuccessOrFailure() throws Exception {
    serveLatestRelease();
    assertThat(
            run(
                "download",
                "--repo",
                REPO,
                "--asset",
                "model-resnet.tar.gz",
                "--out",
                out.toString()))
        .isZero();
    api.enqueue(error(401, "Bad credentials"));
    assertThat(run("--debug", "download", "--repo", REPO, "--asset", "x", "--token", TOKEN))
        .isEqualTo(ExitCode.FAILURE);

    assertThat(stderr()).contains("GitHub rejected the token: HTTP 401 (Bad credentials)");
    assertThat(stdout() + stderr()).doesNotContain(TOKEN);
    assertThat(api.takeRequest().getHeaders().get("Authorization")).isEqualTo("Bearer " + TOKEN);
  }

  @Test
  void underActionsTheTokenAppearsOnlyInItsAddMaskCommand() {
    serveLatestRelease();
    env.put("GITHUB_ACTIONS", "true");

    assertThat(
            run(
                "download",
                "--repo",
                REPO,
                "--asset",
                "model-resnet.tar.gz",
                "--out",
                out.toString()))
        .isZero();

    assertThat(stderr()).startsWith("::add-mask::" + TOKEN + "\n");
    assertThat(stderr().replace("::add-mask::" + TOKEN + "\n", "")).doesNotContain(TOKEN);
  }

  @Test
  void badGitHubApiUrlIsAUserError() {
    env.put("GITHUB_API_URL", "api.github.com");

    assertThat(run("download", "--repo", REPO, "--asset", "x")).isEqualTo(ExitCode.FAILURE);
    assertThat(stderr()).contains("error: GitHub API URL 'api.github.com' is not an http(s) URL");
  }
}
