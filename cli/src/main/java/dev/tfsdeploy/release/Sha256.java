package dev.tfsdeploy.release;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/** A SHA-256 digest as 64 lowercase hex digits. */
public record Sha256(String hex) {
  private static final Pattern HEX = Pattern.compile("[0-9a-f]{64}");
  private static final String PREFIX = "sha256:";

  public Sha256 {
    if (!HEX.matcher(hex).matches()) {
      throw new IllegalArgumentException("not a SHA-256 digest: " + hex);
    }
  }

  /** Reads {@code <hex>} or GitHub's {@code sha256:<hex>}, in either case. */
  public static Sha256 parse(String text) {
    String value = text.strip().toLowerCase(Locale.ROOT);
    if (value.startsWith(PREFIX)) {
      value = value.substring(PREFIX.length());
    }
    return new Sha256(value);
  }

  /**
   * Reads an asset's {@code digest} field: {@code sha256:<hex>}; empty when GitHub gave none or
   * used another algorithm (older assets have no digest).
   */
  static Optional<Sha256> fromGitHubDigest(String digest) {
    if (digest == null || !digest.toLowerCase(Locale.ROOT).startsWith(PREFIX)) {
      return Optional.empty();
    }
    return Optional.of(parse(digest));
  }

  static MessageDigest newDigest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }

  static Sha256 of(MessageDigest digest) {
    return new Sha256(HexFormat.of().formatHex(digest.digest()));
  }

  @Override
  public String toString() {
    return hex;
  }
}
