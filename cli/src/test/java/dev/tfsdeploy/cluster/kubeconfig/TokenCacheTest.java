package dev.tfsdeploy.cluster.kubeconfig;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenCacheTest {
  @TempDir Path dir;
  private final Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
  private TokenCache cache;
  private Path keyFile;
  private String key;

  @BeforeEach
  void cacheAndKeyFile() throws IOException {
    cache = new TokenCache(dir.resolve("tokens"));
    keyFile = Files.writeString(dir.resolve("key.json"), "{\"type\": \"service_account\"}");
    key = TokenCache.key(keyFile).orElseThrow();
  }

  private static ExecCredential expiringAt(Instant at) {
    return new ExecCredential(ExecPlugin.API_VERSION, "ya29.secret", Optional.of(at));
  }

  @Test
  void aWrittenCredentialIsReadBackWhileValid() {
    ExecCredential credential = expiringAt(now.plus(Duration.ofMinutes(50)));
    cache.write(key, credential);

    assertThat(cache.read(key, now)).contains(credential.toJson());
  }

  @Test
  void theFileIsPrivateToItsOwner() throws IOException {
    cache.write(key, expiringAt(now.plus(Duration.ofMinutes(50))));

    assertThat(
            PosixFilePermissions.toString(
                Files.getPosixFilePermissions(dir.resolve("tokens/" + key + ".json"))))
        .isEqualTo("rw-------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("tokens"))))
        .isEqualTo("rwx------");
  }

  @Test
  void aCredentialExpiringWithinAMinuteIsNotServed() {
    cache.write(key, expiringAt(now.plusSeconds(59)));

    assertThat(cache.read(key, now)).isEmpty();
  }

  @Test
  void aFileOthersCanReadIsIgnored() throws IOException {
    cache.write(key, expiringAt(now.plus(Duration.ofMinutes(50))));
    Files.setPosixFilePermissions(
        dir.resolve("tokens/" + key + ".json"), PosixFilePermissions.fromString("rw-r--r--"));

    assertThat(cache.read(key, now)).isEmpty();
  }

  @Test
  void aCorruptFileIsIgnored() throws IOException {
    cache.write(key, expiringAt(now.plus(Duration.ofMinutes(50))));
    Files.writeString(dir.resolve("tokens/" + key + ".json"), "{\"kind\": \"ExecCred");

    assertThat(cache.read(key, now)).isEmpty();
  }

  @Test
  void aChangedKeyFileHasAnotherKey() throws IOException {
    Files.writeString(keyFile, "{\"type\": \"service_account\", \"rotated\": true}");

    assertThat(TokenCache.key(keyFile)).isPresent().get().isNotEqualTo(key);
  }

  @Test
  void anUnreadableKeyFileHasNoKey() {
    assertThat(TokenCache.key(dir.resolve("missing.json"))).isEmpty();
  }

  @Test
  void olderApiVersionsAndCredentialsWithoutExpiryAreNotCached() {
    cache.write(
        key,
        new ExecCredential(
            "client.authentication.k8s.io/v1beta1",
            "ya29.secret",
            Optional.of(now.plus(Duration.ofMinutes(50)))));
    cache.write("other", new ExecCredential(ExecPlugin.API_VERSION, "t", Optional.empty()));

    assertThat(cache.read(key, now)).isEmpty();
    assertThat(cache.read("other", now)).isEmpty();
  }

  @Test
  void theDirectoryComesFromItsVariableElseTheXdgCacheElseHome() {
    assertThat(
            TokenCache.of(env(Map.of(TokenCache.DIR_ENV, "/c", "HOME", "/h"))).orElseThrow().dir())
        .isEqualTo(Path.of("/c"));
    assertThat(TokenCache.of(env(Map.of("XDG_CACHE_HOME", "/x", "HOME", "/h"))).orElseThrow().dir())
        .isEqualTo(Path.of("/x/tfs-deploy/tokens"));
    assertThat(TokenCache.of(env(Map.of("HOME", "/h"))).orElseThrow().dir())
        .isEqualTo(Path.of("/h/.cache/tfs-deploy/tokens"));
    assertThat(TokenCache.of(env(Map.of()))).isEmpty();
  }

  private static java.util.function.Function<String, Optional<String>> env(
      Map<String, String> values) {
    return name -> Optional.ofNullable(values.get(name));
  }
}
