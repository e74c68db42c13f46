package dev.tfsdeploy.actions;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Credentials recognised by their shape rather than their value: what a token endpoint, an STS or a
 * metadata server may echo in an error body (the signed JWT assertion of a key, a subject token, a
 * refresh token, a private key) though this process never registered it as a secret.
 *
 * <p>Only for messages and logs: results on stdout are data (a rendered Secret's base64 JSON also
 * starts with {@code eyJ}) and keep every byte.
 */
public final class CredentialShapes {
  private static final String FIELDS =
      "assertion|subject_token|actor_token|refresh_token|access_token|id_token|client_secret|private_key"
          + "|accessToken|idToken|refreshToken|password";
  private static final List<Shape> SHAPES =
      List.of(
          // PEM private keys, also JSON-escaped (\n) or cut short by a truncated message.
          new Shape(
              "-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----[\\s\\S]*?(?:-----END [A-Z0-9 ]*PRIVATE"
                  + " KEY-----|\\z)",
              SecretMasker.REDACTED),
          // Form and query fields (assertion=...&), then JSON fields ("refresh_token": "...").
          new Shape("\\b(" + FIELDS + ")=[^&\\s\"',}]+", "$1=" + SecretMasker.REDACTED),
          new Shape(
              "\"(" + FIELDS + ")\"\\s*:\\s*\"(?:[^\"\\\\]|\\\\.)*\"",
              "\"$1\":\"" + SecretMasker.REDACTED + "\""),
          new Shape("\\b(Bearer|Basic)\\s+[A-Za-z0-9._~+/-]{8,}=*", "$1 " + SecretMasker.REDACTED),
          // JWTs (and JWEs) by their base64url '{"' header, whole or truncated.
          new Shape("eyJ[A-Za-z0-9_-]{8,}(?:\\.[A-Za-z0-9_-]*)*", SecretMasker.REDACTED),
          // Google OAuth access and refresh tokens.
          new Shape("\\bya29\\.[A-Za-z0-9._-]+", SecretMasker.REDACTED),
          new Shape("\\b1//[A-Za-z0-9_-]{20,}", SecretMasker.REDACTED));

  private CredentialShapes() {}

  /** The text with every credential-shaped part replaced by {@value SecretMasker#REDACTED}. */
  public static String redact(String text) {
    if (text == null) {
      return null;
    }
    String result = text;
    for (Shape shape : SHAPES) {
      result = shape.pattern.matcher(result).replaceAll(shape.replacement);
    }
    return result;
  }

  private record Shape(Pattern pattern, String replacement) {
    Shape(String regex, String replacement) {
      this(Pattern.compile(regex), replacement);
    }
  }
}
