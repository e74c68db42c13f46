package dev.tfsdeploy.image;

import com.google.cloud.tools.jib.api.DescriptorDigest;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Passes bytes on to another stream, counting them and hashing them with SHA-256: a blob's size and
 * digest as a registry computes them, or a tar's diff ID.
 */
final class BlobDigestOutputStream extends FilterOutputStream {
  private final MessageDigest sha256;
  private long size;

  BlobDigestOutputStream(OutputStream out) {
    super(out);
    try {
      this.sha256 = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }

  @Override
  public void write(int b) throws IOException {
    out.write(b);
    sha256.update((byte) b);
    size++;
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    out.write(b, off, len);
    sha256.update(b, off, len);
    size += len;
  }

  /** The bytes written so far. */
  long size() {
    return size;
  }

  /** The SHA-256 of the bytes written; call once, when all are written. */
  DescriptorDigest digest() {
    try {
      return DescriptorDigest.fromHash(HexFormat.of().formatHex(sha256.digest()));
    } catch (DigestException e) {
      throw new IllegalStateException("a SHA-256 is 64 hex digits", e);
    }
  }
}
