package dev.tfsdeploy.cluster.kubeconfig;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The plugin script run by bash as kubectl runs it, against a cache {@link TokenCache} wrote: the
 * two must agree on the key and the checks. Its fallback command here is {@code echo started}, so
 * the output says whether it answered from the cache or would have started the JVM.
 */
class TokenPluginScriptTest {
  @TempDir Path dir;
  private TokenCache cache;
  private Path keyFile;
  private Path script;

  @BeforeEach
  void writeScript() throws IOException {
    // A space and a quote in the path: the script must quote what it was written with.
    cache = new TokenCache(dir.resolve("it's cache/tokens"));
    keyFile = Files.writeString(dir.resolve("key.json"), "{\"type\": \"service_account\"}");
    script = TokenPluginScript.write(cache, List.of("echo", "started"));
  }

  private void cacheExpiringIn(Duration duration) {
    cache.write(
        TokenCache.key(keyFile).orElseThrow(),
        new ExecCredential(
            ExecPlugin.API_VERSION,
            "ya29.cached",
            Optional.of(Instant.now().plus(duration).truncatedTo(ChronoUnit.SECONDS))));
  }

  private String run(Map<String, String> env, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("bash", script.toString()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().remove("GOOGLE_APPLICATION_CREDENTIALS");
    builder.environment().remove("KUBERNETES_EXEC_INFO");
    builder.environment().putAll(env);
    Process process = builder.start();
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
  }

  @Test
  void aValidCachedCredentialIsPrintedWithoutStartingTheCommand() throws Exception {
    cacheExpiringIn(Duration.ofMinutes(50));

    String out = run(Map.of(), "token", "--credentials", keyFile.toString());

    assertThat(out)
        .startsWith("{\"apiVersion\":\"client.authentication.k8s.io/v1\"")
        .contains("ya29.cached");
  }

  @Test
  void theKeyFileMayComeFromGoogleApplicationCredentials() throws Exception {
    cacheExpiringIn(Duration.ofMinutes(50));

    assertThat(run(Map.of("GOOGLE_APPLICATION_CREDENTIALS", keyFile.toString()), "token"))
        .contains("ya29.cached");
  }

  @Test
  void withoutACachedCredentialTheCommandStartsWithTheArguments() throws Exception {
    assertThat(run(Map.of(), "token", "--credentials", keyFile.toString()))
        .isEqualTo("started token --credentials " + keyFile);
  }

  @Test
  void aCredentialAboutToExpireStartsTheCommand() throws Exception {
    cacheExpiringIn(Duration.ofSeconds(30));

    assertThat(run(Map.of(), "token", "--credentials", keyFile.toString())).startsWith("started");
  }

  @Test
  void aRotatedKeyFileStartsTheCommand() throws Exception {
    cacheExpiringIn(Duration.ofMinutes(50));
    Files.writeString(keyFile, "{\"type\": \"service_account\", \"rotated\": true}");

    assertThat(run(Map.of(), "token", "--credentials", keyFile.toString())).startsWith("started");
  }

  @Test
  void aCacheFileOthersCanReadStartsTheCommand() throws Exception {
    cacheExpiringIn(Duration.ofMinutes(50));
    Path file = cache.dir().resolve(TokenCache.key(keyFile).orElseThrow() + ".json");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

    assertThat(run(Map.of(), "token", "--credentials", keyFile.toString())).startsWith("started");
  }

  @Test
  void aClientAskingAnotherApiVersionStartsTheCommand() throws Exception {
    cacheExpiringIn(Duration.ofMinutes(50));

    String out =
        run(
            Map.of(
                "KUBERNETES_EXEC_INFO",
                "{\"kind\":\"ExecCredential\",\"apiVersion\":\"client.authentication.k8s.io/v1beta1\"}"),
            "token",
            "--credentials",
            keyFile.toString());

    assertThat(out).startsWith("started");
  }

  @Test
  void kubectlsOwnExecInfoIsAnsweredFromTheCache() throws Exception {
    cacheExpiringIn(Duration.ofMinutes(50));

    String out =
        run(
            Map.of(
                "KUBERNETES_EXEC_INFO",
                "{\"kind\":\"ExecCredential\",\"apiVersion\":\"client.authentication.k8s.io/v1\",\"spec\":{\"interactive\":false}}"),
            "token",
            "--credentials",
            keyFile.toString());

    assertThat(out).contains("ya29.cached");
  }

  @Test
  void otherSubcommandsAlwaysStartTheCommand() throws Exception {
    cacheExpiringIn(Duration.ofMinutes(50));

    assertThat(run(Map.of(), "--version")).isEqualTo("started --version");
  }

  @Test
  void theScriptIsPrivateAndExecutable() throws IOException {
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(script)))
        .isEqualTo("rwx------");
  }
}
