package dev.tfsdeploy.storage;

import dev.tfsdeploy.UserError;
import java.util.regex.Pattern;

/**
 * A Cloud Storage location as {@code --model-uri} names it: {@code gs://BUCKET/PATH}, where PATH is
 * an object (an archive) or a prefix (a SavedModel directory), without a trailing slash.
 */
public record GcsUri(String bucket, String path) {
  public static final String SCHEME = "gs://";

  // Cloud Storage's bucket naming rules, as far as a typo matters: 3-222 characters of lowercase
  // letters, digits, '-', '_' and '.', starting and ending with a letter or digit.
  private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9._-]{1,220}[a-z0-9]");
  private static final String FIX =
      "give gs://BUCKET/PATH, PATH an archive object or the prefix of a SavedModel directory";

  public static GcsUri parse(String text) {
    if (text == null || !text.startsWith(SCHEME)) {
      throw new UserError("--model-uri '" + text + "' is not a gs:// URI", FIX);
    }
    String rest = text.substring(SCHEME.length());
    int slash = rest.indexOf('/');
    String bucket = slash < 0 ? rest : rest.substring(0, slash);
    String path = slash < 0 ? "" : rest.substring(slash + 1).replaceAll("/+$", "");
    if (!BUCKET.matcher(bucket).matches()) {
      throw new UserError("--model-uri '" + text + "' names no valid bucket", FIX);
    }
    if (path.contains("//") || path.contains("#") || path.indexOf('\0') >= 0) {
      throw new UserError("--model-uri '" + text + "' has an unusable object path", FIX);
    }
    return new GcsUri(bucket, path);
  }

  /** The prefix objects below this path share ("" for the whole bucket). */
  String prefix() {
    return path.isEmpty() ? "" : path + "/";
  }

  /** The prefix of the directory this path lies in, to list what is there when it is missing. */
  String parentPrefix() {
    int slash = path.lastIndexOf('/');
    return slash < 0 ? "" : path.substring(0, slash + 1);
  }

  /** The last component of the path, or the bucket for the whole bucket. */
  String lastName() {
    return path.isEmpty() ? bucket : path.substring(path.lastIndexOf('/') + 1);
  }

  /** The provenance form: {@code gs://BUCKET/PATH#GENERATION}, as gsutil spells a generation. */
  public String withGeneration(long generation) {
    return this + "#" + generation;
  }

  @Override
  public String toString() {
    return SCHEME + bucket + (path.isEmpty() ? "" : "/" + path);
  }
}
