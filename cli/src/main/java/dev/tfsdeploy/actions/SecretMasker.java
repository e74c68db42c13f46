package dev.tfsdeploy.actions;

import java.util.Comparator;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListSet;

/**
 * Remembers every secret the process has seen and blanks it out of anything we print.
 *
 * <p>Under Actions the runner masks too (after {@code ::add-mask::}); we redact ourselves as well
 * so a secret never reaches a laptop terminal, a log file or a test's captured output.
 */
public final class SecretMasker {
  static final String REDACTED = "***";
  // Longest first, so a secret that contains another is redacted whole.
  private final Set<String> secrets =
      new ConcurrentSkipListSet<>(
          Comparator.comparingInt(String::length)
              .reversed()
              .thenComparing(Comparator.naturalOrder()));

  /** Registers a secret; returns true when it is new (so the caller announces it once). */
  boolean add(String secret) {
    // Very short values would redact ordinary text; no real token is this short.
    if (secret == null || secret.length() < 4) {
      return false;
    }
    return secrets.add(secret);
  }

  /** A message or log line: registered secrets and anything shaped like a credential blanked. */
  public String redact(String text) {
    return CredentialShapes.redact(redactKnown(text));
  }

  /** A result (data on stdout): only the registered secrets blanked, every other byte kept. */
  public String redactKnown(String text) {
    if (text == null || secrets.isEmpty()) {
      return text;
    }
    String result = text;
    for (String secret : secrets) {
      result = result.replace(secret, REDACTED);
    }
    return result;
  }
}
