package dev.tfsdeploy.gcp.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.util.Base64;
import java.util.UUID;

/**
 * A service account with a real RSA key, written out as the JSON key file IAM hands out (PKCS#8 PEM
 * private key), except that its {@code token_uri} points at a loopback token server.
 */
public final class TestServiceAccount {
  private final String email;
  private final String project;
  private final String keyId = UUID.randomUUID().toString().replace("-", "");
  private final KeyPair keys;

  private TestServiceAccount(String email, String project, KeyPair keys) {
    this.email = email;
    this.project = project;
    this.keys = keys;
  }

  public static TestServiceAccount create(String name, String project) {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(2048);
      return new TestServiceAccount(
          name + "@" + project + ".iam.gserviceaccount.com", project, generator.generateKeyPair());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  public String email() {
    return email;
  }

  public PublicKey publicKey() {
    return keys.getPublic();
  }

  /** The key file, in the shape IAM's "create key" download has. */
  public String keyJson(String tokenUri) {
    String pem =
        "-----BEGIN PRIVATE KEY-----\n"
            + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.UTF_8))
                .encodeToString(keys.getPrivate().getEncoded())
            + "\n-----END PRIVATE KEY-----\n";
    ObjectNode key = new ObjectMapper().createObjectNode();
    key.put("type", "service_account");
    key.put("project_id", project);
    key.put("private_key_id", keyId);
    key.put("private_key", pem);
    key.put("client_email", email);
    key.put("client_id", "1" + Integer.toUnsignedString(email.hashCode()));
    key.put("auth_uri", "https://accounts.google.com/o/oauth2/auth");
    key.put("token_uri", tokenUri);
    key.put("auth_provider_x509_cert_url", "https://www.googleapis.com/oauth2/v1/certs");
    key.put("client_x509_cert_url", "https://www.googleapis.com/robot/v1/metadata/x509/" + email);
    key.put("universe_domain", "googleapis.com");
    return key.toPrettyString();
  }

  public Path writeKeyFile(Path dir, String tokenUri) throws IOException {
    Path file = dir.resolve(keyId.substring(0, 8) + "-key.json");
    Files.writeString(file, keyJson(tokenUri));
    return file;
  }
}
