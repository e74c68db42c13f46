package dev.tfsdeploy.storage;

import com.google.cloud.storage.StorageException;
import dev.tfsdeploy.UserError;
import java.io.IOException;

/** What a failed Cloud Storage call means: worth another attempt, or an error for the user. */
final class StorageFailures {
  /** Advice when the retries are spent. */
  static final String GAVE_UP_FIX =
      "Cloud Storage or the network is failing; run again later (a resumed run downloads anew)";

  private StorageFailures() {}

  /** Network failures, 408, 429 and 5xx: the same call may well succeed later. */
  static boolean isTransient(Exception failure) {
    int code = status(failure);
    if (code > 0) {
      return code == 408 || code == 429 || code >= 500;
    }
    return failure instanceof IOException || failure.getCause() instanceof IOException;
  }

  /** The HTTP status behind a failure, or 0. */
  static int status(Exception failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof StorageHttp.StatusException answer) {
        return answer.status();
      }
      if (t instanceof StorageException storage && storage.getCode() > 0) {
        return storage.getCode();
      }
    }
    return 0;
  }

  /** The reason a retry is announced with: "HTTP 503", or the network failure. */
  static String reason(Exception failure) {
    int code = status(failure);
    if (code > 0) {
      return "HTTP " + code + " from Cloud Storage";
    }
    Throwable cause = failure.getCause() != null ? failure.getCause() : failure;
    return "the connection failed: " + cause.getMessage();
  }

  /** The error for a call Cloud Storage refused for good (not 404: callers say what is missing). */
  static UserError refused(Exception failure, String what, CloudStorage storage) {
    int code = status(failure);
    String principal = storage.principal();
    if (code == 403) {
      return new UserError(
          principal + " may not read " + what + " (HTTP 403: " + detail(failure) + ")",
          "grant "
              + principal
              + " "
              + CloudStorage.VIEWER_ROLE
              + " on the bucket, e.g. `gcloud storage buckets add-iam-policy-binding"
              + " gs://BUCKET --member=serviceAccount:"
              + principal
              + " --role="
              + CloudStorage.VIEWER_ROLE
              + "`",
          failure);
    }
    if (code == 401) {
      return new UserError(
          "Cloud Storage did not accept the credentials of " + principal + " reading " + what,
          "check the credentials (GOOGLE_APPLICATION_CREDENTIALS or --credentials) and run again",
          failure);
    }
    return new UserError(
        "Cloud Storage refused reading " + what + " with HTTP " + code + ": " + detail(failure),
        "check --model-uri; run again if the refusal looks temporary",
        failure);
  }

  private static String detail(Exception failure) {
    String message = failure.getMessage();
    return message == null ? "no details" : message.replaceAll("\\s+", " ").strip();
  }
}
