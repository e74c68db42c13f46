package dev.tfsdeploy.cluster.kubeconfig;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.common.hash.Hashing;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * ExecCredentials kept between runs of {@code tfs-deploy token}, so that kubectl, which runs the
 * plugin for every command, gets a valid token without a JVM start: the plugin script {@link
 * TokenPluginScript} answers from here in the shell, and the token command itself reads here first.
 *
 * <p>One file per credential source, {@code DIR/<key>.json}, mode 0600 in a 0700 directory, the
 * exact JSON the plugin prints. The key is the SHA-256 of {@code "v1\n" + FILE + "\n" +
 * SHA-256(FILE's bytes) + "\n"} in hex, FILE the credentials file (--credentials, else
 * GOOGLE_APPLICATION_CREDENTIALS): a changed or rotated key file misses the cache. Sources without
 * a file (the metadata server) are not cached. A file that is not the user's, not 0600, not valid
 * JSON, or expiring within {@link #MIN_REMAINING} is ignored. The script computes the same key and
 * applies the same checks; a test holds the two together.
 */
public final class TokenCache {
  /** Where the cache lives, set by the plugin script for the JVM it starts. */
  public static final String DIR_ENV = "TFS_DEPLOY_TOKEN_CACHE";

  static final String KEY_VERSION = "v1";

  /** A cached credential this close to its expiry is fetched again. */
  static final Duration MIN_REMAINING = Duration.ofSeconds(60);

  private static final Set<PosixFilePermission> OWNER_READ_WRITE =
      PosixFilePermissions.fromString("rw-------");

  private final Path dir;

  TokenCache(Path dir) {
    this.dir = dir;
  }

  /**
   * The cache of this environment: {@value #DIR_ENV}, else {@code
   * $XDG_CACHE_HOME/tfs-deploy/tokens}, else {@code $HOME/.cache/tfs-deploy/tokens}; none without
   * any of them.
   */
  public static Optional<TokenCache> of(Function<String, Optional<String>> env) {
    return nonBlank(env, DIR_ENV)
        .map(Path::of)
        .or(() -> nonBlank(env, "XDG_CACHE_HOME").map(Path::of).map(TokenCache::under))
        .or(() -> nonBlank(env, "HOME").map(home -> under(Path.of(home, ".cache"))))
        .map(path -> new TokenCache(path.toAbsolutePath()));
  }

  private static Path under(Path cacheHome) {
    return cacheHome.resolve("tfs-deploy").resolve("tokens");
  }

  private static Optional<String> nonBlank(Function<String, Optional<String>> env, String name) {
    return env.apply(name).filter(value -> !value.isBlank());
  }

  public Path dir() {
    return dir;
  }

  /** The key of a credentials file as it is now; empty when it cannot be read. */
  public static Optional<String> key(Path credentials) {
    try {
      String content = Hashing.sha256().hashBytes(Files.readAllBytes(credentials)).toString();
      String material = KEY_VERSION + "\n" + credentials + "\n" + content + "\n";
      return Optional.of(Hashing.sha256().hashString(material, StandardCharsets.UTF_8).toString());
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** The cached credential's JSON when it is there, the user's own, intact and not expiring. */
  public Optional<String> read(String key, Instant now) {
    Path file = dir.resolve(key + ".json");
    try {
      if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) || !privateToUs(file)) {
        return Optional.empty();
      }
      String json = Files.readString(file, StandardCharsets.UTF_8);
      JsonNode root = new ObjectMapper().readTree(json);
      JsonNode expiry = root.path("status").path("expirationTimestamp");
      if (!"ExecCredential".equals(root.path("kind").asText())
          || !ExecPlugin.API_VERSION.equals(root.path("apiVersion").asText())
          || root.path("status").path("token").asText().isEmpty()
          || !expiry.isTextual()
          || Instant.parse(expiry.asText()).isBefore(now.plus(MIN_REMAINING))) {
        return Optional.empty();
      }
      return Optional.of(json.strip());
    } catch (IOException | DateTimeParseException | UnsupportedOperationException e) {
      return Optional.empty();
    }
  }

  /**
   * Keeps a credential for the next run (written to a private temporary file, then moved), when it
   * is in the plugin API version the script answers and it says when it expires. Best effort: the
   * token is printed either way.
   */
  public void write(String key, ExecCredential credential) {
    if (!ExecPlugin.API_VERSION.equals(credential.apiVersion())
        || credential.expiration().isEmpty()) {
      return;
    }
    try {
      Files.createDirectories(
          dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      Path temp =
          Files.createTempFile(
              dir, "." + key, ".tmp", PosixFilePermissions.asFileAttribute(OWNER_READ_WRITE));
      try {
        Files.writeString(temp, credential.toJson() + "\n", StandardCharsets.UTF_8);
        Files.move(
            temp,
            dir.resolve(key + ".json"),
            StandardCopyOption.REPLACE_EXISTING,
            StandardCopyOption.ATOMIC_MOVE);
      } finally {
        Files.deleteIfExists(temp);
      }
    } catch (IOException | UnsupportedOperationException e) {
      // No cache (a read-only home, a non-POSIX file system): every run fetches, as before.
    }
  }

  private static boolean privateToUs(Path file) throws IOException {
    return Files.getOwner(file, LinkOption.NOFOLLOW_LINKS)
            .getName()
            .equals(System.getProperty("user.name"))
        && Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS).equals(OWNER_READ_WRITE);
  }
}
