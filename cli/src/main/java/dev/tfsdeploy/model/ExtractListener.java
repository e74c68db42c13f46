package dev.tfsdeploy.model;

/** What extraction reports while it runs; the CLI shows it, tests may record it. */
public interface ExtractListener {
  /** Nothing is reported. */
  ExtractListener NONE = new ExtractListener() {};

  /** Bytes written so far (all entries together); called often. */
  default void bytesWritten(long total) {}

  /** A decision the user should know about, e.g. which version a root-level model became. */
  default void info(String message) {}

  /** Something TF Serving will accept but probably not what was meant. */
  default void warning(String message) {}
}
