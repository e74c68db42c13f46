package dev.tfsdeploy.warmup;

import dev.tfsdeploy.UserError;
import dev.tfsdeploy.serving.WarmupFile;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The warmup records to write into every version: {@code records} copies of a predict body the user
 * wrote, or {@code records} requests generated from a signature.
 *
 * @param requestFile a TF Serving REST predict body; empty to generate requests
 * @param signature the signature generated requests are for (unused with a request file, whose
 *     {@code signature_name} says it)
 * @param records how many records each version gets, 1 to {@value WarmupFile#MAX_RECORDS}
 */
public record WarmupSpec(Optional<Path> requestFile, String signature, int records) {
  /** A handful: enough to initialise the graph, few enough not to slow the version's loading. */
  public static final int DEFAULT_RECORDS = 5;

  public WarmupSpec {
    if (records < 1 || records > WarmupFile.MAX_RECORDS) {
      throw new UserError(
          "--warmup-records " + records + " is not between 1 and " + WarmupFile.MAX_RECORDS,
          "pass 1 to "
              + WarmupFile.MAX_RECORDS
              + " (TF Serving's limit); a handful warm a model up");
    }
  }

  /** Copies of the predict body in {@code file}. */
  public static WarmupSpec fromRequest(Path file, int records) {
    return new WarmupSpec(Optional.of(file), "", records);
  }

  /** Requests generated from {@code signature}'s inputs. */
  public static WarmupSpec fromSignature(String signature, int records) {
    return new WarmupSpec(Optional.empty(), signature, records);
  }
}
