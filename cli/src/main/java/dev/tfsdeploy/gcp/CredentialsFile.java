package dev.tfsdeploy.gcp;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.auth.http.HttpTransportFactory;
import com.google.auth.oauth2.ExternalAccountCredentials;
import com.google.auth.oauth2.ImpersonatedCredentials;
import com.google.auth.oauth2.ServiceAccountCredentials;
import com.google.auth.oauth2.UserCredentials;
import dev.tfsdeploy.UserError;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The Google credentials file a command uses and how it was chosen, found the way Application
 * Default Credentials finds it — an explicit {@code --credentials} file, then {@code
 * GOOGLE_APPLICATION_CREDENTIALS} (where google-github-actions/auth points it, for a key or a
 * Workload Identity Federation file), then the file {@code gcloud auth application-default login}
 * writes.
 *
 * <p>Without a file, ADC's last resort is the metadata server: see {@link MetadataServer}.
 */
public record CredentialsFile(Path path, String origin) implements CredentialSource {
  public static final String ENV = "GOOGLE_APPLICATION_CREDENTIALS";

  /** The credential types a credentials file may hold, by its {@code type} field. */
  static final List<String> SUPPORTED_TYPES =
      List.of(
          "service_account", "external_account", "authorized_user", "impersonated_service_account");

  /**
   * Finds the credentials file, or empty when there is none.
   *
   * @param explicit the {@code --credentials} option, if given
   * @param env the process environment
   */
  public static Optional<CredentialsFile> locate(
      Optional<Path> explicit, Function<String, Optional<String>> env) {
    if (explicit.isPresent()) {
      return Optional.of(new CredentialsFile(absolute(explicit.get()), "--credentials"));
    }
    Optional<String> fromEnv = env.apply(ENV);
    if (fromEnv.isPresent()) {
      return Optional.of(new CredentialsFile(absolute(Path.of(fromEnv.get())), ENV));
    }
    return gcloudConfigDir(env)
        .map(dir -> dir.resolve("application_default_credentials.json"))
        .filter(java.nio.file.Files::isRegularFile)
        .map(file -> new CredentialsFile(absolute(file), "gcloud application-default credentials"));
  }

  /** gcloud's configuration directory: CLOUDSDK_CONFIG, else ~/.config/gcloud. */
  private static Optional<Path> gcloudConfigDir(Function<String, Optional<String>> env) {
    Optional<String> configured = env.apply("CLOUDSDK_CONFIG");
    if (configured.isPresent()) {
      return Optional.of(Path.of(configured.get()));
    }
    return env.apply("HOME").map(home -> Path.of(home, ".config", "gcloud"));
  }

  private static Path absolute(Path path) {
    return path.toAbsolutePath().normalize();
  }

  @Override
  public String describe() {
    return path + " (from " + origin + ")";
  }

  @Override
  public String endpoint() {
    return "the Google token endpoint for " + describe();
  }

  @Override
  public Optional<Path> file() {
    return Optional.of(path);
  }

  @Override
  public LoadedCredentials load(HttpTransportFactory transport) {
    byte[] json = read();
    String type = type(json);
    try (InputStream in = new ByteArrayInputStream(json)) {
      return switch (type) {
        case "service_account" -> {
          ServiceAccountCredentials account = ServiceAccountCredentials.fromStream(in, transport);
          yield new LoadedCredentials(account, account::getClientEmail);
        }
        case "external_account" -> {
          ExternalAccountCredentials external =
              ExternalAccountCredentials.fromStream(in, transport);
          String principal =
              external.getServiceAccountEmail() != null
                  ? external.getServiceAccountEmail()
                  : "the workload identity principal of " + external.getAudience();
          yield new LoadedCredentials(external, () -> principal);
        }
        case "authorized_user" ->
            new LoadedCredentials(
                UserCredentials.fromStream(in, transport), () -> "the gcloud user account");
        default -> {
          ImpersonatedCredentials impersonated = ImpersonatedCredentials.fromStream(in, transport);
          yield new LoadedCredentials(impersonated, impersonated::getAccount);
        }
      };
    } catch (IOException | RuntimeException e) {
      // The library reports missing fields as IOException, IllegalArgumentException or even NPE.
      throw malformed(type + " credentials: " + GoogleAccess.oneLine(GoogleAccess.reason(e)), e);
    }
  }

  @Override
  public UserError unreachable(Exception failure) {
    return new UserError(
        "cannot reach " + endpoint() + ": " + GoogleAccess.oneLine(failure.getMessage()),
        "check this machine's network access to Google (oauth2/sts/iamcredentials.googleapis.com)",
        failure);
  }

  @Override
  public UserError refused(Exception failure, Supplier<String> principal) {
    return new UserError(
        "Google refused the credentials in "
            + describe()
            + ": "
            + GoogleAccess.oneLine(GoogleAccess.reason(failure)),
        "check that the key or workload identity provider is still valid and that "
            + principal.get()
            + " exists (under Actions, the job needs `permissions: id-token: write` for"
            + " federation)",
        failure);
  }

  private byte[] read() {
    try {
      return Files.readAllBytes(path);
    } catch (NoSuchFileException e) {
      throw new UserError(
          "Google credentials file " + describe() + " does not exist",
          "point " + origin + " at the JSON file google-github-actions/auth or IAM gave you",
          e);
    } catch (IOException e) {
      throw new UserError(
          "cannot read Google credentials file " + describe() + ": " + e.getMessage(),
          "check the file's permissions",
          e);
    }
  }

  private String type(byte[] json) {
    JsonNode root;
    try {
      root = new ObjectMapper().readTree(json);
    } catch (JacksonException e) {
      throw malformed("not JSON (" + GoogleAccess.oneLine(e.getOriginalMessage()) + ")", e);
    } catch (IOException e) {
      throw malformed(GoogleAccess.oneLine(e.getMessage()), e);
    }
    if (root == null || !root.isObject()) {
      throw malformed("not a JSON object", null);
    }
    String type = root.path("type").asText("");
    if (!SUPPORTED_TYPES.contains(type)) {
      throw malformed(
          type.isEmpty() ? "no \"type\" field" : "unsupported type \"" + type + "\"", null);
    }
    return type;
  }

  private UserError malformed(String reason, Throwable cause) {
    return new UserError(
        "malformed Google credentials file " + describe() + ": " + reason,
        "use a service-account key as IAM downloads it or the file google-github-actions/auth"
            + " writes (type one of "
            + String.join(", ", SUPPORTED_TYPES)
            + ")",
        cause);
  }
}
