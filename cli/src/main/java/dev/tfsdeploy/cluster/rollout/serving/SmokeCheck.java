package dev.tfsdeploy.cluster.rollout.serving;

import dev.tfsdeploy.UserError;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Asks a TF Serving server whether the model is really being served: {@code GET /v1/models/<name>}
 * until every version its policy serves, and every expected version, is AVAILABLE, within a bound;
 * then, if given, one predict request whose answer is returned.
 *
 * <p>This polls, at a steady interval: TF Serving's REST API has nothing to watch.
 */
public final class SmokeCheck {
  private final TfServingRest rest;
  private final Duration bound;
  private final Duration interval;
  private final Clock clock;

  public SmokeCheck(TfServingRest rest, Duration bound, Duration interval, Clock clock) {
    this.rest = rest;
    this.bound = bound;
    this.interval = interval;
    this.clock = clock;
  }

  public SmokeCheck(TfServingRest rest, Duration bound) {
    this(rest, bound, Duration.ofSeconds(1), Clock.systemUTC());
  }

  /**
   * Waits until the model is served as its version policy says: every version TF Serving reports
   * (but those it unloaded) is AVAILABLE, and so is each of {@code expected} (none: any version).
   * Returns the AVAILABLE versions. A version that failed to load fails at once, named.
   */
  public List<ModelVersionStatus> awaitAvailable(String model, List<String> expected) {
    Instant deadline = clock.instant().plus(bound);
    String lastSeen = "no answer yet";
    Set<String> waitingFor = new TreeSet<>(expected);
    while (true) {
      try {
        TfServingRest.Answer answer = rest.modelStatus(model);
        if (answer.ok()) {
          List<ModelVersionStatus> versions = TfServingRest.versions(answer);
          Optional<ModelVersionStatus> failed =
              versions.stream().filter(ModelVersionStatus::failed).findFirst();
          if (failed.isPresent()) {
            throw new UserError(
                "TF Serving could not load model '" + model + "': " + failed.get(),
                "check the model export and the server logs (kubectl logs)");
          }
          List<ModelVersionStatus> live = versions.stream().filter(v -> !v.unloaded()).toList();
          waitingFor = new TreeSet<>(expected);
          for (ModelVersionStatus version : live) {
            if (version.available()) {
              waitingFor.remove(version.version());
            } else {
              waitingFor.add(version.version());
            }
          }
          if (!live.isEmpty() && waitingFor.isEmpty()) {
            return live;
          }
          lastSeen =
              versions.isEmpty()
                  ? "no versions"
                  : String.join(", ", versions.stream().map(ModelVersionStatus::toString).toList());
        } else {
          lastSeen = "HTTP " + answer.code() + ": " + answer.error();
          if (answer.code() == 404) {
            lastSeen = "TF Serving serves no model named '" + model + "' (" + answer.error() + ")";
          }
        }
      } catch (IOException e) {
        lastSeen = "no answer: " + e.getMessage();
      }
      if (!clock.instant().plus(interval).isBefore(deadline)) {
        throw new UserError(
            "model '"
                + model
                + "'"
                + describe(waitingFor)
                + " not AVAILABLE after "
                + bound.toSeconds()
                + "s: "
                + lastSeen,
            "check --model-name against the name the server was started with, the version policy,"
                + " and the server logs");
      }
      sleep();
    }
  }

  /** " version 3 is", " versions 1, 3 are", or " is" for none. */
  private static String describe(Set<String> versions) {
    if (versions.isEmpty()) {
      return " is";
    }
    return (versions.size() == 1 ? " version " : " versions ")
        + String.join(", ", versions)
        + (versions.size() == 1 ? " is" : " are");
  }

  /** Sends one predict request; returns TF Serving's JSON answer or fails with its error. */
  public String predict(String model, String requestJson) {
    try {
      TfServingRest.Answer answer = rest.predict(model, requestJson);
      if (!answer.ok()) {
        throw new UserError(
            "the smoke predict request was refused (HTTP " + answer.code() + "): " + answer.error(),
            "check the --smoke-request file against the model's signature (tfs-deploy inspect shows"
                + " it)");
      }
      return answer.body();
    } catch (IOException e) {
      throw new UserError(
          "the smoke predict request got no answer: " + e.getMessage(), "check the server logs", e);
    }
  }

  private void sleep() {
    try {
      Thread.sleep(interval.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UserError("interrupted while waiting for the model", null, e);
    }
  }
}
