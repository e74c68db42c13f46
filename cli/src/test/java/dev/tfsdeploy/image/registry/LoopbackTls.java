package dev.tfsdeploy.image.registry;

import javax.net.ssl.SSLSocketFactory;
import okhttp3.OkHttpClient;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;

/**
 * A test CA and a certificate it issued for 127.0.0.1 and localhost: servers on loopback speak
 * HTTPS with {@link #serverSockets}, and {@link #trustingClient} is an OkHttp client that trusts
 * only that CA.
 */
final class LoopbackTls {
  private final HeldCertificate ca = new HeldCertificate.Builder().certificateAuthority(0).commonName("Test registry CA").build();
  private final HeldCertificate server =
      new HeldCertificate.Builder()
          .commonName("127.0.0.1")
          .addSubjectAlternativeName("127.0.0.1")
          .addSubjectAlternativeName("localhost")
          .signedBy(ca)
          .build();

  /** What an HTTPS server presents: the loopback certificate and its CA. */
  SSLSocketFactory serverSockets() {
    return new HandshakeCertificates.Builder().heldCertificate(server, ca.certificate()).build().sslSocketFactory();
  }

  /** A client that trusts the test CA and nothing else. */
  OkHttpClient trustingClient() {
    HandshakeCertificates trust = new HandshakeCertificates.Builder().addTrustedCertificate(ca.certificate()).build();
    return new OkHttpClient.Builder().sslSocketFactory(trust.sslSocketFactory(), trust.trustManager()).build();
  }
}
