package dev.tfsdeploy.image;

import dev.tfsdeploy.UserError;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Catches the usual mistake with a local test registry: it speaks plain HTTP and {@code
 * --insecure-registry} was not given. Jib would retry its HTTPS handshake for about a minute before
 * failing; asking the registry's {@code /v2/} over plain HTTP takes a millisecond and gives a
 * precise answer. Only for registries on this machine, where that mistake is the likely one.
 */
final class PlainHttpRegistryCheck {
  private static final Duration TIMEOUT = Duration.ofSeconds(2);

  private PlainHttpRegistryCheck() {}

  static void requireHttpsUnlessAllowed(String registry, boolean insecureAllowed) {
    if (insecureAllowed || !ModelImageBuilder.isLoopback(registry) || !speaksPlainHttp(registry)) {
      return;
    }
    throw new UserError(
        "registry " + registry + " speaks plain HTTP",
        "pass --insecure-registry to use a local plain-HTTP registry");
  }

  private static boolean speaksPlainHttp(String registry) {
    HttpClient client = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://" + registry + "/v2/"))
            .timeout(TIMEOUT)
            .GET()
            .build();
    try {
      HttpResponse<Void> response = client.send(request, HttpResponse.BodyHandlers.discarding());
      return response.headers().firstValue("Docker-Distribution-Api-Version").isPresent();
    } catch (IOException | IllegalArgumentException e) {
      return false; // not reachable over plain HTTP: leave the diagnosis to the real attempt
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
