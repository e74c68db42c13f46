package dev.tfsdeploy.image.registry;

import java.security.NoSuchAlgorithmException;
import javax.net.ssl.SSLContext;
import okhttp3.OkHttpClient;

/**
 * Loads what the first registry request needs (the session's JSON mapper, the HTTP client, the
 * platform's TLS with its trust store: a few tenths of a second of one core) on a background
 * thread, so that it overlaps the model's validation instead of delaying the first request.
 * Contacts nothing.
 *
 * <p>A class of its own: starting it must not initialize {@link RegistrySession} (its JSON mapper
 * alone takes a tenth of a second) on the caller's thread.
 */
public final class RegistryWarmUp {
  private RegistryWarmUp() {}

  public static void start() {
    Thread thread = new Thread(RegistryWarmUp::load, "registry-warm-up");
    thread.setDaemon(true);
    thread.start();
  }

  private static void load() {
    try {
      Class.forName(RegistrySession.class.getName()); // runs its static initializer here
      new OkHttpClient.Builder().build().dispatcher().executorService().shutdown();
      SSLContext.getDefault();
    } catch (ClassNotFoundException | NoSuchAlgorithmException | RuntimeException ignored) {
      // the first real request reports whatever is wrong
    }
  }
}
