package dev.tfsdeploy.image.registry;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.HashMap;
import java.util.Map;
import javax.net.ssl.SSLSocketFactory;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;

/**
 * A test CA and a certificate it issued for 127.0.0.1 and localhost, for HTTPS servers on
 * loopback; {@link #trustByDefault} makes the JVM's default trust store (which clients built
 * without their own trust, as {@link RegistrySession}'s, read when built) hold only that CA.
 */
final class LoopbackTls implements AutoCloseable {
  private static final String[] PROPERTIES = {
    "javax.net.ssl.trustStore", "javax.net.ssl.trustStoreType", "javax.net.ssl.trustStorePassword"
  };
  private static final String PASSWORD = "changeit";

  private final HeldCertificate ca = new HeldCertificate.Builder().certificateAuthority(0).commonName("Test registry CA").build();
  private final HeldCertificate server =
      new HeldCertificate.Builder()
          .commonName("127.0.0.1")
          .addSubjectAlternativeName("127.0.0.1")
          .addSubjectAlternativeName("localhost")
          .signedBy(ca)
          .build();
  private final Map<String, String> previous = new HashMap<>();

  /** What an HTTPS server presents: the loopback certificate and its CA. */
  SSLSocketFactory serverSockets() {
    return new HandshakeCertificates.Builder().heldCertificate(server, ca.certificate()).build().sslSocketFactory();
  }

  /** Points the JVM's default trust store at a PKCS12 file in {@code directory} holding the test CA; undone by {@link #close}. */
  LoopbackTls trustByDefault(Path directory) throws IOException, GeneralSecurityException {
    KeyStore store = KeyStore.getInstance("PKCS12");
    store.load(null, null);
    store.setCertificateEntry("test-registry-ca", ca.certificate());
    Path file = directory.resolve("test-ca.p12");
    try (OutputStream out = Files.newOutputStream(file)) {
      store.store(out, PASSWORD.toCharArray());
    }
    for (String property : PROPERTIES) {
      previous.put(property, System.getProperty(property));
    }
    System.setProperty("javax.net.ssl.trustStore", file.toString());
    System.setProperty("javax.net.ssl.trustStoreType", "PKCS12");
    System.setProperty("javax.net.ssl.trustStorePassword", PASSWORD);
    return this;
  }

  @Override
  public void close() {
    previous.forEach((property, value) -> {
      if (value == null) {
        System.clearProperty(property);
      } else {
        System.setProperty(property, value);
      }
    });
    previous.clear();
  }
}
