package dev.tfsdeploy.loadtest;

import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.zip.DataFormatException;
import org.HdrHistogram.Histogram;

/**
 * A run's full latency histograms (microseconds), kept in its result so that results of several
 * workers add up exactly: the merged percentiles are those of all samples, not an average of
 * percentiles.
 *
 * @param latency successful requests from their (intended) start, what the result's percentiles are
 *     read from
 * @param sent successful requests from when each was actually sent
 */
public record LatencyHistograms(Histogram latency, Histogram sent) {

  /** The histograms added up, leaving this one's untouched. */
  LatencyHistograms plus(LatencyHistograms other) {
    Histogram latencySum = latency.copy();
    latencySum.add(other.latency);
    Histogram sentSum = sent.copy();
    sentSum.add(other.sent);
    return new LatencyHistograms(latencySum, sentSum);
  }

  /** The p99 latency counted from sending, in milliseconds (0 when nothing succeeded). */
  double sentP99Ms() {
    return sent.getTotalCount() == 0 ? 0 : sent.getValueAtPercentile(99) / 1000.0;
  }

  /** HdrHistogram's compressed encoding, in base64: what result files hold. */
  static String encode(Histogram histogram) {
    ByteBuffer buffer = ByteBuffer.allocate(histogram.getNeededByteBufferCapacity());
    int length = histogram.encodeIntoCompressedByteBuffer(buffer);
    return Base64.getEncoder().encodeToString(java.util.Arrays.copyOf(buffer.array(), length));
  }

  /** Reads what {@link #encode} wrote; IllegalArgumentException when it is not a histogram. */
  static Histogram decode(String base64) {
    try {
      return Histogram.decodeFromCompressedByteBuffer(
          ByteBuffer.wrap(Base64.getDecoder().decode(base64)), 0);
    } catch (DataFormatException | RuntimeException e) {
      throw new IllegalArgumentException("not an encoded HdrHistogram", e);
    }
  }
}
