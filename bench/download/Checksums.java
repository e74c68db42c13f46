import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.zip.CRC32C;

/**
 * Prints a file's CRC-32C and MD5 as Cloud Storage lists them (base64, the CRC big-endian), for
 * gcs_api.py: Python has no CRC-32C of its own. Run as {@code java Checksums.java FILE}.
 */
public class Checksums {
  public static void main(String[] args) throws Exception {
    CRC32C crc = new CRC32C();
    MessageDigest md5 = MessageDigest.getInstance("MD5");
    byte[] buffer = new byte[1 << 20];
    try (InputStream in = Files.newInputStream(Path.of(args[0]))) {
      for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
        crc.update(buffer, 0, n);
        md5.update(buffer, 0, n);
      }
    }
    long value = crc.getValue();
    byte[] big = {(byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8), (byte) value};
    Base64.Encoder base64 = Base64.getEncoder();
    System.out.println(base64.encodeToString(big) + " " + base64.encodeToString(md5.digest()));
  }
}
