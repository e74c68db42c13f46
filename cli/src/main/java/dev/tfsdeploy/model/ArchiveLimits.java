package dev.tfsdeploy.model;

/**
 * How much an archive may unpack to: archive bombs stop here.
 *
 * @param maxBytes bytes actually written (not what headers claim)
 * @param maxEntries entries of any kind, directories included
 */
public record ArchiveLimits(long maxBytes, long maxEntries) {
  public static final long DEFAULT_MAX_BYTES = 32L << 30;
  public static final long DEFAULT_MAX_ENTRIES = 100_000;

  public static final ArchiveLimits DEFAULTS =
      new ArchiveLimits(DEFAULT_MAX_BYTES, DEFAULT_MAX_ENTRIES);

  public ArchiveLimits {
    if (maxBytes < 0 || maxEntries < 0) {
      throw new IllegalArgumentException("limits must not be negative");
    }
  }
}
