package dev.tfsdeploy.release;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.Optional;

/**
 * A file attached to a release, as GitHub's release JSON describes it ({@code assets[]}).
 *
 * @param digest {@code sha256:<hex>} on assets uploaded since GitHub started computing digests;
 *     null on older ones
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ReleaseAsset(
    long id, String name, long size, String browserDownloadUrl, String digest) {

  /** The SHA-256 GitHub computed at upload, when it did. */
  public Optional<Sha256> sha256() {
    return Sha256.fromGitHubDigest(digest);
  }
}
