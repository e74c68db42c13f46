package dev.tfsdeploy.testing;

import javax.net.ssl.SSLSocketFactory;
import okhttp3.OkHttpClient;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;

/**
 * A test CA and a certificate it issued for 127.0.0.1 and localhost: servers on loopback speak
 * HTTPS with {@link #serverSockets}; clients trust the CA through {@link #clientTrust} or {@link
 * #trustingClient}.
 */
public final class LoopbackTls {
  private final HeldCertificate ca;
  private final HeldCertificate server;

  /** {@code caName} shows in the certificates, to tell test servers apart in a failure. */
  public LoopbackTls(String caName) {
    ca = new HeldCertificate.Builder().certificateAuthority(0).commonName(caName).build();
    server =
        new HeldCertificate.Builder()
            .commonName("127.0.0.1")
            .addSubjectAlternativeName("127.0.0.1")
            .addSubjectAlternativeName("localhost")
            .signedBy(ca)
            .build();
  }

  /** What an HTTPS server presents: the loopback certificate and its CA. */
  public SSLSocketFactory serverSockets() {
    return new HandshakeCertificates.Builder()
        .heldCertificate(server, ca.certificate())
        .build()
        .sslSocketFactory();
  }

  /** The loopback certificate and its CA, PEM-encoded, as a server outside this JVM reads them. */
  public String certificateChainPem() {
    return server.certificatePem() + ca.certificatePem();
  }

  /** The loopback certificate's private key, PEM-encoded (PKCS#8). */
  public String privateKeyPem() {
    return server.privateKeyPkcs8Pem();
  }

  /** Trust in the test CA, and in the platform's CAs too when {@code alsoPlatform}. */
  public HandshakeCertificates clientTrust(boolean alsoPlatform) {
    HandshakeCertificates.Builder trust =
        new HandshakeCertificates.Builder().addTrustedCertificate(ca.certificate());
    if (alsoPlatform) {
      trust.addPlatformTrustedCertificates();
    }
    return trust.build();
  }

  /** A client that trusts the test CA and nothing else. */
  public OkHttpClient trustingClient() {
    HandshakeCertificates trust = clientTrust(false);
    return new OkHttpClient.Builder()
        .sslSocketFactory(trust.sslSocketFactory(), trust.trustManager())
        .build();
  }
}
