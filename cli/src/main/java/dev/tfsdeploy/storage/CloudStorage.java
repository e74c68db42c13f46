package dev.tfsdeploy.storage;

import com.google.api.client.http.javanet.NetHttpTransport;
import com.google.api.gax.rpc.FixedHeaderProvider;
import com.google.auth.Credentials;
import com.google.cloud.NoCredentials;
import com.google.cloud.ServiceOptions;
import com.google.cloud.http.HttpTransportOptions;
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
 * The Cloud Storage JSON API with the tool's credential sources, or an emulator named by {@value
 * #EMULATOR_ENV} (anonymously, as Google's Go and Python clients do). An object's metadata and
 * bytes are read over plain HTTP ({@link StorageHttp}: large reads, no client in between); listing
 * goes through Google's client, built only when a download needs it. The client's own retries are
 * off: {@link ObjectDownload} and {@link GcsModelDownload} retry with the tool's policy.
 */
public final class CloudStorage implements AutoCloseable {
  /** Google's variable for a Cloud Storage emulator: {@code host:port} or a base URL. */
  public static final String EMULATOR_ENV = "STORAGE_EMULATOR_HOST";

  /** The role that grants reading objects and listing them. */
  public static final String VIEWER_ROLE = "roles/storage.objectViewer";

  /** Where the JSON API is when no emulator is named. */
  static final String GOOGLE_ENDPOINT = "https://storage.googleapis.com";

  // A download needs no project; naming one keeps the client from looking for it (the metadata
  // server among the places it asks).
  private static final String NO_PROJECT = "tfs-deploy-download";
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(20);

  private final String endpoint;
  private final Optional<GoogleAccess> access;
  private final String userAgent;
  private final Duration readTimeout;
  private final StorageHttp http;
  private Storage client;

  private CloudStorage(
      String endpoint, Optional<GoogleAccess> access, String userAgent, Duration readTimeout) {
    this.endpoint = endpoint;
    this.access = access;
    this.userAgent = userAgent;
    this.readTimeout = readTimeout;
    this.http =
        new StorageHttp(
            endpoint,
            userAgent,
            CONNECT_TIMEOUT,
            readTimeout,
            access.<Supplier<String>>map(a -> () -> a.accessToken().getTokenValue()));
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
    Optional<String> emulator = env.apply(EMULATOR_ENV).filter(host -> !host.isBlank());
    if (emulator.isPresent()) {
      String host = emulator.get().contains("://") ? emulator.get() : "http://" + emulator.get();
      return new CloudStorage(host.replaceAll("/+$", ""), Optional.empty(), userAgent, readTimeout);
    }
    return new CloudStorage(
        GOOGLE_ENDPOINT,
        Optional.of(GoogleAccess.load(credentialsFile, env, onSecret)),
        userAgent,
        readTimeout);
  }

  /** Object metadata and media over plain HTTP. */
  StorageHttp http() {
    return http;
  }

  /** Google's client, for listing; built on first use. */
  synchronized Storage storage() {
    if (client == null) {
      Credentials credentials =
          access.<Credentials>map(GoogleAccess::credentials).orElse(NoCredentials.getInstance());
      client =
          StorageOptions.http()
              .setProjectId(NO_PROJECT)
              .setHost(endpoint)
              .setCredentials(credentials)
              .setRetrySettings(ServiceOptions.getNoRetrySettings())
              .setHeaderProvider(FixedHeaderProvider.create("user-agent", userAgent))
              .setTransportOptions(
                  HttpTransportOptions.newBuilder()
                      // The JDK's HTTP client, named so the App Engine transport is never probed.
                      .setHttpTransportFactory(NetHttpTransport::new)
                      .setConnectTimeout((int) CONNECT_TIMEOUT.toMillis())
                      .setReadTimeout((int) readTimeout.toMillis())
                      .build())
              .build()
              .getService();
    }
    return client;
  }

  /** The API's base URL, for messages. */
  public String endpoint() {
    return endpoint;
  }

  /** Who the requests act as, for a permission error. */
  String principal() {
    return access.map(GoogleAccess::principal).orElse("anonymous (" + EMULATOR_ENV + ")");
  }

  @Override
  public synchronized void close() {
    if (client == null) {
      return;
    }
    try {
      client.close();
    } catch (Exception e) {
      // Nothing is pending; the HTTP transport holds no resources past the calls.
    }
  }
}
