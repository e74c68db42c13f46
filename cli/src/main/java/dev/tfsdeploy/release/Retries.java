package dev.tfsdeploy.release;

import dev.tfsdeploy.UserError;
import java.time.Duration;
import java.util.Optional;

/** The retry budget of one operation: counts attempts and waiting, and does the waiting. */
public final class Retries {
  private final RetryPolicy policy;
  private final DownloadListener listener;

  /** What to tell the user when the budget is spent; null for GitHub's advice. */
  private final String gaveUpFix;

  private int attempts = 1;
  private Duration waited = Duration.ZERO;

  Retries(RetryPolicy policy, DownloadListener listener, String gaveUpFix) {
    this.policy = policy;
    this.listener = listener;
    this.gaveUpFix = gaveUpFix;
  }

  /**
   * Called after an attempt failed in a way worth retrying: waits (the server's requested time,
   * else the backoff) and returns, or throws when the budget is spent.
   *
   * @param operation what was being done, for the error ("downloading model.tar.gz")
   * @param reason why the attempt failed ("HTTP 503 from api.github.com")
   */
  public void awaitNextAttempt(String operation, String reason, Optional<Duration> serverWait) {
    if (attempts >= policy.maxAttempts()) {
      throw new UserError(
          "gave up " + operation + " after " + attempts + " attempts: " + reason,
          gaveUpFix != null
              ? gaveUpFix
              : "GitHub or the network is failing; try again later (see"
                  + " https://www.githubstatus.com)");
    }
    Duration delay = serverWait.orElseGet(() -> policy.backoff(attempts));
    if (waited.plus(delay).compareTo(policy.maxTotalWait()) > 0) {
      throw new UserError(
          "gave up "
              + operation
              + ": "
              + reason
              + ", and waiting "
              + human(delay)
              + " more"
              + " would exceed the "
              + human(policy.maxTotalWait())
              + " this tool waits",
          gaveUpFix != null
              ? gaveUpFix
              : "try again later; with a token (GITHUB_TOKEN or --token) GitHub's rate limits are"
                  + " higher");
    }
    attempts++;
    listener.retrying(reason, delay, attempts, policy.maxAttempts());
    try {
      policy.sleeper().sleep(delay);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UserError("interrupted while " + operation, null, e);
    }
    waited = waited.plus(delay);
  }

  static String human(Duration duration) {
    long seconds = Math.max(0, (duration.toMillis() + 999) / 1000);
    return seconds < 120 ? seconds + "s" : (seconds + 59) / 60 + "min";
  }
}
