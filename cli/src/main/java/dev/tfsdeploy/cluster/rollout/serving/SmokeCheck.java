package dev.tfsdeploy.cluster.rollout.serving;

import dev.tfsdeploy.UserError;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Asks a TF Serving server whether the model is really being served: {@code GET /v1/models/<name>}
 * until the expected version (or, when none is expected, any version) is AVAILABLE, within a bound;
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

  /** Waits for the version; returns the AVAILABLE one it found. */
  public ModelVersionStatus awaitAvailable(String model, Optional<String> version) {
    Instant deadline = clock.instant().plus(bound);
    String lastSeen = "no answer yet";
    while (true) {
      try {
        TfServingRest.Answer answer = rest.modelStatus(model);
        if (answer.ok()) {
          List<ModelVersionStatus> versions = TfServingRest.versions(answer);
          Optional<ModelVersionStatus> found =
              versions.stream()
                  .filter(v -> version.isEmpty() || version.get().equals(v.version()))
                  .filter(ModelVersionStatus::available)
                  .findFirst();
          if (found.isPresent()) {
            return found.get();
          }
          lastSeen =
              versions.isEmpty()
                  ? "no versions"
                  : String.join(", ", versions.stream().map(ModelVersionStatus::toString).toList());
          Optional<ModelVersionStatus> failed =
              versions.stream()
                  .filter(v -> version.isEmpty() || version.get().equals(v.version()))
                  .filter(
                      v ->
                          "END".equals(v.state())
                              && v.errorCode() != null
                              && !"OK".equals(v.errorCode()))
                  .findFirst();
          if (failed.isPresent()) {
            throw new UserError(
                "TF Serving could not load model '" + model + "': " + failed.get(),
                "check the model export and the server logs (kubectl logs)");
          }
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
                + version.map(v -> " version " + v).orElse("")
                + " is not AVAILABLE after "
                + bound.toSeconds()
                + "s: "
                + lastSeen,
            "check --model-name against the name the server was started with, and the server logs");
      }
      sleep();
    }
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
