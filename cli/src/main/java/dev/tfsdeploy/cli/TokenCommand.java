package dev.tfsdeploy.cli;

import com.google.auth.oauth2.AccessToken;
import dev.tfsdeploy.cluster.kubeconfig.ExecCredential;
import dev.tfsdeploy.cluster.kubeconfig.ExecPlugin;
import dev.tfsdeploy.cluster.kubeconfig.TokenCache;
import dev.tfsdeploy.gcp.CredentialsFile;
import dev.tfsdeploy.gcp.GoogleAccess;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code tfs-deploy token}: the exec credential plugin the kubeconfig from {@code setup} runs. */
@Command(
    name = "token",
    header = "Print a Google access token for kubectl (exec credential plugin).",
    sortOptions = false,
    description = {
      "Print a Google access token as a client.authentication.k8s.io ExecCredential. kubectl runs"
          + " this itself through the kubeconfig `tfs-deploy setup` writes; its stdout holds the"
          + " token, so do not run it where stdout is logged.",
      ""
    })
final class TokenCommand extends StepCommand {
  @Option(
      names = "--credentials",
      paramLabel = "FILE",
      description =
          "Google credentials JSON (default: GOOGLE_APPLICATION_CREDENTIALS, gcloud's ADC file, the"
              + " metadata server on GCE).")
  Path credentials;

  @Override
  public Integer call() {
    Optional<TokenCache> cache = TokenCache.of(env());
    Optional<String> key =
        Optional.ofNullable(credentials)
            .or(() -> env().apply(CredentialsFile.ENV).filter(f -> !f.isBlank()).map(Path::of))
            .flatMap(TokenCache::key);
    String apiVersion =
        ExecCredential.requestedApiVersion(env().apply(ExecCredential.EXEC_INFO_ENV));
    Optional<String> cached =
        cache
            .flatMap(c -> key.flatMap(k -> c.read(k, Instant.now())))
            .filter(json -> apiVersion.equals(ExecPlugin.API_VERSION));
    if (cached.isPresent()) {
      console().secretResult(cached.get());
      return ExitCode.OK;
    }
    GoogleAccess google =
        GoogleAccess.load(Optional.ofNullable(credentials), env(), console()::mask);
    AccessToken token = google.accessToken();
    ExecCredential credential =
        ExecCredential.forToken(
            apiVersion,
            token.getTokenValue(),
            Optional.ofNullable(token.getExpirationTime()).map(java.util.Date::toInstant));
    cache.ifPresent(c -> key.ifPresent(k -> c.write(k, credential)));
    console().secretResult(credential.toJson());
    return ExitCode.OK;
  }

  /** The process environment, as the console was given it (tests pass their own). */
  private Function<String, Optional<String>> env() {
    return console().actions()::get;
  }
}
