package dev.tfsdeploy.image.registry;

import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import okhttp3.OkHttpClient;

/**
 * TLS that accepts any certificate for any host: what {@code --insecure-registry} allows for a
 * registry whose certificate this machine does not trust (a self-signed one on an internal
 * registry, say), as Jib and Docker allow it. Used for nothing else.
 */
final class UnverifiedTls {
  private UnverifiedTls() {}

  /** {@code base} with certificate and host name checks turned off. */
  static OkHttpClient client(OkHttpClient base) {
    X509TrustManager anyCertificate =
        new X509TrustManager() {
          @Override
          public void checkClientTrusted(X509Certificate[] chain, String authType) {}

          @Override
          public void checkServerTrusted(X509Certificate[] chain, String authType) {}

          @Override
          public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
          }
        };
    try {
      SSLContext tls = SSLContext.getInstance("TLS");
      tls.init(null, new TrustManager[] {anyCertificate}, null);
      return base.newBuilder()
          .sslSocketFactory(tls.getSocketFactory(), anyCertificate)
          .hostnameVerifier((host, session) -> true)
          .build();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("every Java runtime has TLS", e);
    }
  }
}
