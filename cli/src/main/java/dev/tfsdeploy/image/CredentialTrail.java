package dev.tfsdeploy.image;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Which credential sources were consulted for one image and what they gave, so that a registry's
 * "unauthorized" can be explained: wrong credentials from a named source, or none found anywhere.
 * Thread-safe: Jib asks for credentials from its worker threads.
 */
final class CredentialTrail {
  private final List<String> misses = new CopyOnWriteArrayList<>();
  private volatile String used;

  void found(String source) {
    used = source;
  }

  void missed(String source, String why) {
    misses.add(source + ": " + why);
  }

  /** Whether some source gave credentials (which the registry may still have refused). */
  boolean foundAny() {
    return used != null;
  }

  /** One clause for an error message. */
  String describe() {
    if (used != null) {
      return "the registry refused the credentials from " + used;
    }
    if (misses.isEmpty()) {
      return "no credential source applies to this registry";
    }
    return "no credentials found (tried " + String.join("; ", misses) + ")";
  }
}
