package dev.tfsdeploy.storage;

import dev.tfsdeploy.UserError;
import dev.tfsdeploy.files.OutputPaths;
import dev.tfsdeploy.release.Retries;
import dev.tfsdeploy.release.RetryPolicy;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.zip.CRC32C;

/**
 * Downloads one object to a file: in ranges read in parallel (each its own ranged request, pinned
 * to the object's generation), written where they belong through a fixed buffer per range, each
 * range resumed where it stopped after a dropped connection. The file is verified against the
 * object's CRC-32C (the ranges' CRCs combined; Cloud Storage's recommended check, which composite
 * objects have too) and its MD5 when it lists one (hashed in order behind the ranges), and appears
 * under its name only then; on any failure nothing is left.
 */
final class ObjectDownload {
  /** Objects up to twice this size are read as one range. */
  static final long DEFAULT_RANGE = 32L << 20;

  /**
   * A range per processor, at least two: a range's reads, CRC and writes can keep a core busy, and
   * from Cloud Storage a range also waits on the network. At most 16 connections to one object.
   */
  static final int DEFAULT_PARALLELISM =
      Math.min(16, Math.max(2, Runtime.getRuntime().availableProcessors()));

  // Each block is copied from the socket, through the CRC, into the page cache while it is still
  // in the CPU's cache: measured on loopback, 512 KiB and 1 MiB blocks cost 2.5 times the system
  // time of 128-256 KiB ones (bench/download/gcs).
  private static final int BUFFER = 256 << 10;

  private final CloudStorage storage;
  private final RetryPolicy policy;
  private final StorageListener listener;
  private final long rangeSize;
  private final int parallelism;

  ObjectDownload(
      CloudStorage storage,
      RetryPolicy policy,
      StorageListener listener,
      long rangeSize,
      int parallelism) {
    this.storage = storage;
    this.policy = policy;
    this.listener = listener;
    this.rangeSize = rangeSize;
    this.parallelism = parallelism;
  }

  private record Range(long start, long end) {
    long length() {
      return end - start;
    }
  }

  /**
   * Writes {@code object} to {@code target} (which must not exist), verified.
   *
   * @param progress the bytes of this download so far are added to it
   * @return what the file was verified against ("CRC-32C")
   */
  String download(StoredObject object, Path target, AtomicLong progress) {
    Path temp = OutputPaths.stagingName(target);
    boolean done = false;
    try {
      temp.toFile().deleteOnExit(); // removed should the JVM be stopped before the cleanup runs
      String verified = transfer(object, temp, progress);
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
      done = true;
      return verified;
    } catch (IOException e) {
      throw new UserError(
          "cannot write " + target + ": " + e, "check free disk space and permissions of --out", e);
    } finally {
      if (!done) {
        try {
          Files.deleteIfExists(temp);
        } catch (IOException ignored) {
          // Already failing; that error is the one to report.
        }
      }
    }
  }

  private String transfer(StoredObject object, Path temp, AtomicLong progress) throws IOException {
    List<Range> ranges = ranges(object.size());
    // MD5 needs the bytes in order: one thread hashes the file behind the ranges as they land, so
    // it costs a core but little time (composite objects list none).
    InOrderMd5 md5 = object.md5() != null ? new InOrderMd5(temp, object.size()) : null;
    ExecutorService workers =
        Executors.newFixedThreadPool(
            Math.max(1, Math.min(parallelism, ranges.size())),
            task -> {
              Thread thread = new Thread(task, "gcs-range");
              thread.setDaemon(true);
              return thread;
            });
    Thread hashing = null;
    try (FileChannel file =
        FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      if (md5 != null) {
        hashing = new Thread(md5, "gcs-md5");
        hashing.setDaemon(true);
        hashing.start();
      }
      // The first failure stops the other ranges at once, and is the one reported.
      AtomicReference<Exception> firstFailure = new AtomicReference<>();
      List<Future<Long>> crcs = new ArrayList<>();
      for (Range range : ranges) {
        crcs.add(
            workers.submit(
                () -> {
                  try {
                    return readRange(object, range, file, progress, md5);
                  } catch (IOException | RuntimeException e) {
                    if (firstFailure.compareAndSet(null, e)) {
                      workers.shutdownNow();
                    }
                    throw e;
                  }
                }));
      }
      long crc = 0;
      for (int i = 0; i < ranges.size(); i++) {
        crc = Crc32c.combine(crc, await(crcs.get(i), firstFailure), ranges.get(i).length());
      }
      return verify(object, crc, md5);
    } finally {
      workers.shutdownNow();
      if (md5 != null) {
        md5.abandon();
      }
      awaitQuietly(workers);
    }
  }

  private List<Range> ranges(long size) {
    List<Range> ranges = new ArrayList<>();
    if (size < 2 * rangeSize) {
      ranges.add(new Range(0, size));
      return ranges;
    }
    for (long start = 0; start < size; start += rangeSize) {
      ranges.add(new Range(start, Math.min(size, start + rangeSize)));
    }
    return ranges;
  }

  /** Reads one range into place, resuming after failures; returns the range's CRC-32C. */
  private long readRange(
      StoredObject object, Range range, FileChannel file, AtomicLong progress, InOrderMd5 md5)
      throws IOException {
    Retries retries = policy.start(listener.forRetries(), StorageFailures.GAVE_UP_FIX);
    CRC32C crc = new CRC32C();
    byte[] buffer = new byte[BUFFER];
    long done = 0;
    while (done < range.length()) {
      if (Thread.currentThread().isInterrupted()) {
        throw new IOException("cancelled: another range failed");
      }
      try (InputStream in = storage.http().media(object, range.start() + done, range.end())) {
        while (done < range.length()) {
          int read = in.readNBytes(buffer, 0, (int) Math.min(BUFFER, range.length() - done));
          if (read == 0) {
            throw new IOException(
                "the body ended after " + done + " of " + range.length() + " bytes of the range");
          }
          crc.update(buffer, 0, read);
          writeAt(file, ByteBuffer.wrap(buffer, 0, read), range.start() + done);
          done += read;
          listener.progress(progress.addAndGet(read));
        }
      } catch (IOException e) {
        if (StorageFailures.status(e) == 404) {
          throw new UserError(
              object
                  + " generation "
                  + object.generation()
                  + " was replaced or deleted while"
                  + " downloading",
              "run again to download the current generation");
        }
        if (!StorageFailures.isTransient(e)) {
          throw StorageFailures.refused(e, object.toString(), storage);
        }
        retries.awaitNextAttempt(
            "downloading " + object, StorageFailures.reason(e), Optional.empty());
      }
    }
    if (md5 != null) {
      md5.written(range.start(), range.end());
    }
    return crc.getValue();
  }

  /** Writes the buffer at {@code position}; a failing disk is no reason to retry the network. */
  private static void writeAt(FileChannel file, ByteBuffer buffer, long position) {
    try {
      for (long at = position; buffer.hasRemaining(); ) {
        at += file.write(buffer, at);
      }
    } catch (IOException e) {
      throw new UserError(
          "cannot write the download: " + e, "check free disk space and permissions of --out", e);
    }
  }

  private String verify(StoredObject object, long crc, InOrderMd5 md5) throws IOException {
    List<String> against = new ArrayList<>();
    if (object.crc32c() != null) {
      long expected = Crc32c.parse(object.crc32c());
      if (expected != crc) {
        throw mismatch(object, "CRC-32C", Crc32c.format(crc), object.crc32c());
      }
      against.add("CRC-32C");
    }
    if (md5 != null) {
      String actual;
      try {
        actual = md5.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new UserError("interrupted while verifying " + object, null, e);
      }
      if (!actual.equals(object.md5())) {
        throw mismatch(object, "MD5", actual, object.md5());
      }
      against.add("MD5");
    }
    return against.isEmpty()
        ? "nothing (Cloud Storage lists no checksum)"
        : String.join(" and ", against);
  }

  private static UserError mismatch(
      StoredObject object, String checksum, String actual, String expected) {
    return new UserError(
        checksum
            + " mismatch for "
            + object
            + ": downloaded "
            + actual
            + ", Cloud Storage lists "
            + expected
            + "; the partial file was deleted",
        "run again; if it persists, the object is damaged: upload it again");
  }

  private static long await(Future<Long> crc, AtomicReference<Exception> firstFailure)
      throws IOException {
    try {
      return crc.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UserError("interrupted while downloading", null, e);
    } catch (ExecutionException | CancellationException e) {
      Throwable cause = firstFailure.get() != null ? firstFailure.get() : e.getCause();
      if (cause instanceof RuntimeException runtime) {
        throw runtime;
      }
      if (cause instanceof IOException io) {
        throw io;
      }
      throw new IllegalStateException(cause);
    }
  }

  private static void awaitQuietly(ExecutorService workers) {
    try {
      // A worker cancelled mid-write must be gone before the file is deleted.
      workers.awaitTermination(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
