package dev.tfsdeploy.gcp;

import com.google.api.client.http.HttpTransport;
import com.google.api.client.http.javanet.ConnectionFactory;
import com.google.api.client.http.javanet.DefaultConnectionFactory;
import com.google.api.client.http.javanet.NetHttpTransport;
import dev.tfsdeploy.net.NetworkFailures;
import java.io.UncheckedIOException;
import java.net.UnknownHostException;
import java.util.Optional;

/**
 * The HTTP transport of the credentials' token requests. google-auth-library retries every
 * IOException with back-off (about 8 s for a token endpoint whose name does not resolve); a name
 * that does not resolve is not worth retrying (see {@link NetworkFailures#isUnresolvedHost}), so
 * its lookup failure is thrown unchecked, past the retry handler, to be reported at once.
 */
final class FailFastTransport {
  private FailFastTransport() {}

  static HttpTransport create() {
    ConnectionFactory direct = new DefaultConnectionFactory();
    return new NetHttpTransport.Builder()
        .setConnectionFactory(
            url -> {
              Optional<UnknownHostException> unknown = NetworkFailures.lookupFailure(url.getHost());
              if (unknown.isPresent()) {
                throw new UncheckedIOException(unknown.get());
              }
              return direct.openConnection(url);
            })
        .build();
  }
}
