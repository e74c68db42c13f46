package dev.tfsdeploy.release;

import dev.tfsdeploy.UserError;
import dev.tfsdeploy.files.OutputPaths;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.HttpUrl;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Downloads a release asset through the API ({@code Accept: application/octet-stream}), which
 * redirects to a storage host. Streams through a few fixed buffers into a temporary file beside the
 * target, hashing as it goes; resumes with {@code Range} after a dropped connection; verifies the
 * SHA-256; renames into place atomically. On any failure the temporary file is deleted.
 */
public final class AssetDownloader {
  private static final int MAX_REDIRECTS = 5;
  private static final Pattern CONTENT_RANGE = Pattern.compile("bytes (\\d+)-\\d+/(?:\\d+|\\*)");

  private static final Duration STALL_LIMIT = Duration.ofSeconds(60);

  private final GitHubHttp http;
  private final Duration stallLimit;

  public AssetDownloader(GitHubHttp http) {
    this(http, STALL_LIMIT);
  }

  /**
   * @param stallLimit how long a transfer may go without a byte before it is resumed anew
   */
  AssetDownloader(GitHubHttp http, Duration stallLimit) {
    this.http = http;
    this.stallLimit = stallLimit;
  }

  /**
   * Downloads {@code asset} into {@code directory} under its own name and verifies it against
   * GitHub's digest and {@code expected}, whichever are known.
   */
  public DownloadedAsset download(
      RepositoryName repo, ReleaseAsset asset, Path directory, Optional<Sha256> expected) {
    String name = safeFileName(asset);
    OutputPaths.directory(directory, "--out " + directory); // a file there is refused as such
    Path target = OutputPaths.file(directory.resolve(name), directory.resolve(name).toString());
    List<Path> created = OutputPaths.createDirectories(target.getParent(), "--out " + directory);
    Path temp = OutputPaths.stagingName(target);
    boolean done = false;
    try {
      Sha256 actual = transfer(repo, asset, temp);
      String verifiedAgainst = verify(asset, actual, expected);
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      done = true;
      DownloadedAsset downloaded =
          new DownloadedAsset(directory.resolve(name), asset.size(), actual, verifiedAgainst);
      http.listener().downloadFinished(downloaded);
      return downloaded;
    } catch (IOException e) {
      throw new UserError("cannot write " + target + ": " + e, "check that --out is writable", e);
    } finally {
      if (!done) {
        deleteQuietly(temp);
        OutputPaths.removeCreated(created);
      }
    }
  }

  private Sha256 transfer(RepositoryName repo, ReleaseAsset asset, Path temp) throws IOException {
    HttpUrl url = http.endpoint().repoUrl(repo, "releases", "assets", Long.toString(asset.id()));
    String operation = operation(asset);
    Retries retries = http.retries();
    // Removed by the JVM if it is stopped (Ctrl-C) before the caller's cleanup can run.
    temp.toFile().deleteOnExit();
    DownloadListener listener = http.listener();
    try (PartialFile part = new PartialFile(temp);
        StallWatchdog watchdog = new StallWatchdog(stallLimit)) {
      listener.downloadStarted(asset);
      while (true) {
        try (Response response = open(url, part, retries, watchdog, repo, asset)) {
          if (part.written() > 0 && resumesAt(response, part.written())) {
            listener.resumed(part.written());
          } else {
            if (part.written() > 0) {
              part.restart();
              listener.restarted("HTTP " + response.code() + " instead of the requested range");
            }
            if (response.code() != 200) {
              throw new ConnectionLost("expected the whole file, got HTTP " + response.code());
            }
            // A whole body names the version of the file that any later resume must match.
            part.setValidator(strongEtag(response));
          }
          try {
            part.append(
                response.body().byteStream(),
                asset.size(),
                written -> {
                  watchdog.progressed();
                  listener.progress(written, asset.size());
                });
          } catch (PartialFile.TooLong e) {
            throw new UserError(
                response.request().url().host()
                    + " sent more than the "
                    + asset.size()
                    + " bytes GitHub lists for "
                    + asset.name()
                    + "; the partial file was deleted",
                "run again; if it persists, the asset was replaced or the storage host at"
                    + " --github-api-url misbehaves");
          }
          if (part.written() < asset.size()) {
            throw new ConnectionLost(
                "the connection closed after " + part.written() + " of " + asset.size() + " bytes");
          }
          return part.sha256();
        } catch (ConnectionLost e) {
          retries.awaitNextAttempt(operation, e.getMessage(), Optional.empty());
        }
      }
    }
  }

  /**
   * Opens the rest of the asset, from where {@code part} ends, following redirects hop by hop: each
   * hop is a separate call, so {@link ApiHeaders} decides per host whether the token goes along.
   */
  private Response open(
      HttpUrl apiUrl,
      PartialFile part,
      Retries retries,
      StallWatchdog watchdog,
      RepositoryName repo,
      ReleaseAsset asset) {
    String operation = operation(asset);
    long offset = part.written();
    String validator = part.validator();
    HttpUrl url = apiUrl;
    for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
      Request.Builder request =
          new Request.Builder()
              .url(url)
              .header("Accept", "application/octet-stream")
              // Bytes as stored: a transparently decompressed body would break offsets and digest.
              .header("Accept-Encoding", "identity");
      if (offset > 0) {
        request.header("Range", "bytes=" + offset + "-");
        if (validator != null) {
          // Ask for the rest only if it is still the same file; otherwise the server sends it
          // whole.
          request.header("If-Range", validator);
        }
      }
      Response response = http.stream(request.build(), retries, operation, watchdog);
      if (response.isRedirect()) {
        String location = response.header("Location");
        HttpUrl next = location == null ? null : url.resolve(location);
        response.close();
        if (next == null) {
          throw new UserError(
              url.host() + " redirected the download of " + asset.name() + " nowhere",
              "run again; if it persists, the GitHub API at --github-api-url is misbehaving");
        }
        url = next;
        continue;
      }
      // 206 and 416 answer a resume; transfer() decides whether it can continue from them.
      if (response.code() == 200 || response.code() == 206 || response.code() == 416) {
        return response;
      }
      try (response) {
        throw failure(response, repo, asset);
      }
    }
    throw new UserError(
        "more than " + MAX_REDIRECTS + " redirects while downloading " + asset.name(),
        "check --github-api-url (or GITHUB_API_URL) and any proxy in between");
  }

  private static String operation(ReleaseAsset asset) {
    return "downloading " + asset.name();
  }

  private UserError failure(Response response, RepositoryName repo, ReleaseAsset asset) {
    boolean fromApi = http.endpoint().isApiOrigin(response.request().url());
    if (response.code() == 404) {
      return new UserError(
          "asset " + asset.name() + " (id " + asset.id() + ") of " + repo + " is gone",
          "it was deleted or replaced while downloading; run again");
    }
    if (fromApi) {
      return GitHubErrors.of(response, repo, http.endpoint());
    }
    return new UserError(
        "the storage host "
            + response.request().url().host()
            + " refused the download of "
            + asset.name()
            + " with HTTP "
            + response.code(),
        "run again (download links expire after a few minutes)");
  }

  /** A 206 whose Content-Range starts exactly where our file ends. */
  private static boolean resumesAt(Response response, long offset) {
    if (response.code() != 206) {
      return false;
    }
    Matcher range = CONTENT_RANGE.matcher(String.valueOf(response.header("Content-Range")).strip());
    return range.matches() && Long.parseLong(range.group(1)) == offset;
  }

  /** The ETag usable in If-Range: only a strong one (RFC 9110 forbids weak validators there). */
  private static String strongEtag(Response response) {
    String etag = response.header("ETag");
    return etag != null && etag.startsWith("\"") ? etag : null;
  }

  private static String verify(ReleaseAsset asset, Sha256 actual, Optional<Sha256> expected) {
    List<String> sources = new ArrayList<>();
    check(asset, actual, asset.sha256(), "GitHub's digest for the asset", sources);
    check(asset, actual, expected, "--sha256", sources);
    return sources.isEmpty() ? null : String.join(" and ", sources);
  }

  private static void check(
      ReleaseAsset asset,
      Sha256 actual,
      Optional<Sha256> wanted,
      String source,
      List<String> sources) {
    if (wanted.isEmpty()) {
      return;
    }
    if (!wanted.get().equals(actual)) {
      throw new UserError(
          "SHA-256 mismatch for "
              + asset.name()
              + ": downloaded "
              + actual
              + ", but "
              + source
              + " is "
              + wanted.get(),
          "the download was corrupted or the asset was replaced; the file was deleted."
              + " Run again, and check --sha256 if you gave it");
    }
    sources.add(source);
  }

  private static String safeFileName(ReleaseAsset asset) {
    String name = asset.name();
    if (name == null
        || name.isBlank()
        || name.contains("/")
        || name.contains("\\")
        || name.equals(".")
        || name.equals("..")
        || name.indexOf('\0') >= 0) {
      throw new UserError(
          "release asset name '" + name + "' cannot be used as a file name",
          "rename the asset in the GitHub release");
    }
    return name;
  }

  private static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException ignored) {
      // Already failing; the original error is the one to report.
    }
  }
}
