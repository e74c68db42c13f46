package dev.tfsdeploy.model;

import dev.tfsdeploy.UserError;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import org.apache.commons.io.input.ProxyInputStream;

/**
 * Walks an archive's entries in order; tar and zip differ only behind this interface. Read failures
 * (truncated or damaged archives) surface as {@link #corrupt} user errors.
 */
interface ArchiveReader extends Closeable {
  /** The next entry, or null after the last one. */
  ArchiveEntry next();

  /** The content of the entry {@link #next()} returned last; the caller closes it. */
  InputStream content();

  /** Turns read failures of an entry's content into {@link #corrupt} errors. */
  static InputStream guarded(InputStream content) {
    return new ProxyInputStream(content) {
      @Override
      protected void handleIOException(IOException e) {
        throw corrupt(e);
      }
    };
  }

  /** A read failure inside the archive: the download was cut short or the file is damaged. */
  static UserError corrupt(IOException cause) {
    return new UserError(
        "the archive is truncated or corrupt (" + describe(cause) + ")",
        "download it again; if that does not help, re-create the archive",
        cause);
  }

  private static String describe(IOException cause) {
    if (cause.getMessage() != null) {
      return cause.getMessage();
    }
    return cause instanceof EOFException
        ? "unexpected end of data"
        : cause.getClass().getSimpleName();
  }
}
