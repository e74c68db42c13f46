package dev.tfsdeploy.image;

import dev.tfsdeploy.UserError;
import dev.tfsdeploy.image.ModelDirectory.ModelFile;
import dev.tfsdeploy.image.ModelDirectory.ModelVersion;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The SHA-256 of a model's content: every version's directories and files (path and bytes), in
 * path order. It names what is served, whatever the archive or the machine it came from, so it
 * makes a tag that changes exactly when the model does.
 */
final class ModelDigest {
  private static final int BUFFER = 1 << 20;

  private ModelDigest() {}

  /** The lowercase hex SHA-256 of the model's content; streams the files, never holds them. */
  static String of(ModelDirectory model) {
    MessageDigest listing = sha256();
    byte[] buffer = new byte[BUFFER];
    for (ModelVersion version : model.versions()) {
      for (String directory : version.directories()) {
        line(listing, "dir " + version.name() + "/" + directory);
      }
      for (ModelFile file : version.files()) {
        line(listing, "file " + version.name() + "/" + file.path() + " " + contentDigest(file, buffer));
      }
    }
    return HexFormat.of().formatHex(listing.digest());
  }

  private static String contentDigest(ModelFile file, byte[] buffer) {
    MessageDigest content = sha256();
    try (InputStream in = Files.newInputStream(file.source())) {
      for (int n; (n = in.read(buffer)) > 0; ) {
        content.update(buffer, 0, n);
      }
    } catch (IOException e) {
      throw new UserError(
          "cannot read model file " + file.source() + ": " + e.getMessage(),
          "check that the model directory is readable",
          e);
    }
    return HexFormat.of().formatHex(content.digest());
  }

  private static void line(MessageDigest digest, String line) {
    digest.update((line + "\n").getBytes(StandardCharsets.UTF_8));
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
