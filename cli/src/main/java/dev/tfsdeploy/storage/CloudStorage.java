package dev.tfsdeploy.storage;

import com.google.api.client.http.javanet.NetHttpTransport;
import com.google.api.gax.rpc.FixedHeaderProvider;
import com.google.cloud.NoCredentials;
import com.google.cloud.ServiceOptions;
import com.google.cloud.http.HttpTransportOptions;
import com.google.cloud.storage.HttpStorageOptions;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.StorageOptions;
import dev.tfsdeploy.gcp.GoogleAccess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The Cloud Storage JSON API through Google's client, with the tool's credential sources, or an
 * emulator named by {@value #EMULATOR_ENV} (anonymously, as Google's Go and Python clients do). The
 * client's own retries are off: {@link ObjectDownload} and {@link GcsModelDownload} retry with the
 * tool's policy, so a resumed range continues where it stopped.
 */
public final class CloudStorage implements AutoCloseable {
  /** Google's variable for a Cloud Storage emulator: {@code host:port} or a base URL. */
  public static final String EMULATOR_ENV = "STORAGE_EMULATOR_HOST";

  /** The role that grants reading objects and listing them. */
  public static final String VIEWER_ROLE = "roles/storage.objectViewer";

  // A download needs no project; naming one keeps the client from looking for it (the metadata
  // server among the places it asks).
  private static final String NO_PROJECT = "tfs-deploy-download";

  private final Storage storage;
  private final String endpoint;
  private final Supplier<String> principal;

  CloudStorage(Storage storage, String endpoint, Supplier<String> principal) {
    this.storage = storage;
    this.endpoint = endpoint;
    this.principal = principal;
  }

  /**
   * Connects with the credentials ADC would use (or {@code credentialsFile}), or anonymously to the
   * emulator {@value #EMULATOR_ENV} names.
   *
   * @param readTimeout how long a read may wait for a byte before the range is resumed
   * @param onSecret called with every access token, to mask it
   */
  public static CloudStorage connect(
      Function<String, Optional<String>> env,
      Optional<Path> credentialsFile,
      Consumer<String> onSecret,
      String userAgent,
      Duration readTimeout) {
    HttpStorageOptions.Builder options =
        StorageOptions.http()
            .setProjectId(NO_PROJECT)
            .setRetrySettings(ServiceOptions.getNoRetrySettings())
            .setHeaderProvider(FixedHeaderProvider.create("user-agent", userAgent))
            .setTransportOptions(
                HttpTransportOptions.newBuilder()
                    // The JDK's HTTP client, named so the App Engine transport is never probed for.
                    .setHttpTransportFactory(NetHttpTransport::new)
                    .setConnectTimeout((int) Duration.ofSeconds(20).toMillis())
                    .setReadTimeout((int) readTimeout.toMillis())
                    .build());
    Optional<String> emulator = env.apply(EMULATOR_ENV).filter(host -> !host.isBlank());
    if (emulator.isPresent()) {
      String host = emulator.get().contains("://") ? emulator.get() : "http://" + emulator.get();
      options.setHost(host.replaceAll("/+$", "")).setCredentials(NoCredentials.getInstance());
      return new CloudStorage(
          options.build().getService(), host, () -> "anonymous (" + EMULATOR_ENV + ")");
    }
    GoogleAccess access = GoogleAccess.load(credentialsFile, env, onSecret);
    options.setCredentials(access.credentials());
    StorageOptions built = options.build();
    return new CloudStorage(built.getService(), built.getHost(), access::principal);
  }

  Storage storage() {
    return storage;
  }

  /** The API's base URL, for messages. */
  public String endpoint() {
    return endpoint;
  }

  /** Who the requests act as, for a permission error. */
  String principal() {
    return principal.get();
  }

  @Override
  public void close() {
    try {
      storage.close();
    } catch (Exception e) {
      // Nothing is pending; the HTTP transport holds no resources past the calls.
    }
  }
}
