package dev.tfsdeploy.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.TreeMap;

/**
 * The MD5 of a file written in ranges out of order: MD5 needs the bytes in order, so it follows the
 * contiguous written prefix from the file (still in the page cache), on a thread of its own, while
 * later ranges are still arriving. Unlike CRC-32C, MD5s of ranges cannot be combined.
 */
final class InOrderMd5 implements Runnable {
  private static final int BUFFER = 1 << 20;

  private final Path file;
  private final long size;
  private final MessageDigest md5;
  private final TreeMap<Long, Long> written = new TreeMap<>();
  private long contiguous;
  private boolean abandoned;
  private String result;
  private IOException failure;

  InOrderMd5(Path file, long size) {
    this.file = file;
    this.size = size;
    try {
      this.md5 = MessageDigest.getInstance("MD5");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has MD5", e);
    }
  }

  /** Bytes {@code [start, end)} are on disk. */
  synchronized void written(long start, long end) {
    written.put(start, end);
    for (Long next = written.remove(contiguous); next != null; next = written.remove(contiguous)) {
      contiguous = next;
    }
    notifyAll();
  }

  /** The download failed: stop waiting for bytes. */
  synchronized void abandon() {
    abandoned = true;
    notifyAll();
  }

  @Override
  public void run() {
    try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
      ByteBuffer buffer = ByteBuffer.allocate(BUFFER);
      long hashed = 0;
      while (hashed < size) {
        long until = awaitBeyond(hashed);
        if (until < 0) {
          return;
        }
        while (hashed < until) {
          buffer.clear().limit((int) Math.min(BUFFER, until - hashed));
          int read = in.read(buffer, hashed);
          if (read < 0) {
            throw new IOException("the file ended at " + hashed + " of " + size + " bytes");
          }
          md5.update(buffer.array(), 0, read);
          hashed += read;
        }
      }
      finish(Base64.getEncoder().encodeToString(md5.digest()), null);
    } catch (IOException e) {
      finish(null, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private synchronized long awaitBeyond(long hashed) throws InterruptedException {
    while (contiguous <= hashed && !abandoned) {
      wait();
    }
    return abandoned ? -1 : contiguous;
  }

  private synchronized void finish(String digest, IOException error) {
    result = digest;
    failure = error;
    notifyAll();
  }

  /** The base64 MD5 of the whole file, once every range is written. */
  synchronized String await() throws IOException, InterruptedException {
    while (result == null && failure == null) {
      wait();
    }
    if (failure != null) {
      throw failure;
    }
    return result;
  }
}
