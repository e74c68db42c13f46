package dev.tfsdeploy.pipeline;

import dev.tfsdeploy.UserError;
import dev.tfsdeploy.actions.Console;
import dev.tfsdeploy.actions.StepOutputs;
import dev.tfsdeploy.canary.AnalysisSignals;
import dev.tfsdeploy.canary.CanaryMode;
import dev.tfsdeploy.canary.CanaryPlan;
import dev.tfsdeploy.canary.CanaryRollout;
import dev.tfsdeploy.canary.CanarySpec;
import dev.tfsdeploy.canary.CanaryStatus;
import dev.tfsdeploy.canary.CanaryThresholds;
import dev.tfsdeploy.canary.CanaryVerdict;
import dev.tfsdeploy.canary.CanaryVerdict.Decision;
import dev.tfsdeploy.canary.TrackNumbers;
import dev.tfsdeploy.canary.TrackSignals;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code deploy --strategy canary} and {@code canary promote|abort|status}: the canary's life as
 * the CLI and the action drive it, with what it prints, its outputs and its job summary. The
 * cluster work is {@link CanaryRollout}'s.
 */
public final class CanaryDeploy {
  private final StepContext context;
  private final Console console;
  private final ServingRollout serving;

  public CanaryDeploy(StepContext context, ClusterConnection cluster) {
    this.context = context;
    this.console = context.console();
    this.serving = new ServingRollout(context, cluster);
  }

  /**
   * How the canary is run and judged.
   *
   * @param spec mode, percent, Gateway
   * @param analysis how long both tracks are watched
   * @param thresholds when the canary fails
   * @param signals what the canary is judged by
   * @param automatic promote or abort on the verdict; false leaves the canary for a person
   */
  public record Settings(
      CanarySpec spec,
      Duration analysis,
      CanaryThresholds thresholds,
      AnalysisSignals signals,
      boolean automatic) {}

  /** The verdict and what was done about it. */
  public record Outcome(CanaryVerdict verdict, String action) {}

  /** Starts the canary, smoke-checks it, watches both tracks, then promotes or aborts. */
  public Outcome run(ServingRollout.Request request, Settings settings) {
    ServingRollout.Plan plan = serving.plan(request);
    Duration timeout = request.settings().timeout();
    return serving.withClient(
        (client, namespace) -> {
          serving.checkFit(client, request, plan);
          CanaryRollout rollout =
              new CanaryRollout(client, namespace, RolloutConsole.listener(console));
          console.info(
              "canary of deployment/"
                  + plan.name()
                  + ": "
                  + plan.image()
                  + " takes "
                  + share(settings.spec())
                  + " in namespace "
                  + namespace);
          CanaryPlan canary =
              rollout.start(
                  request.manifests(),
                  plan.deployment(),
                  settings.spec(),
                  plan.request().provenance(),
                  timeout);
          if (request.settings().smoke()) {
            serving.smokeCheck(
                client,
                namespace,
                live(client, namespace, canary),
                plan.model(),
                request.settings());
          }
          TrackSignals signals =
              settings
                  .signals()
                  .open(
                      client,
                      namespace,
                      plan.model(),
                      Optional.ofNullable(request.settings().smokeBody()),
                      RolloutConsole.listener(console));
          CanaryVerdict verdict =
              rollout.analyse(
                  plan.name(),
                  signals,
                  settings.analysis(),
                  settings.thresholds(),
                  w -> Thread.sleep(w.toMillis()));
          report(verdict);
          String action = act(rollout, plan.name(), verdict, settings.automatic(), timeout);
          summary(plan, verdict, action);
          if (verdict.decision() != Decision.PROMOTE && settings.automatic()) {
            throw new UserError(
                "the canary of "
                    + plan.image()
                    + " was aborted: "
                    + String.join("; ", verdict.reasons()),
                "stable still serves; look at the canary's numbers above");
          }
          return new Outcome(verdict, action);
        });
  }

  /** Stable takes the canary's version; the canary goes. */
  public void promote(Optional<String> deployment, Duration timeout) {
    serving.withClient(
        (client, namespace) -> {
          CanaryRollout rollout =
              new CanaryRollout(client, namespace, RolloutConsole.listener(console));
          String stable = stableName(rollout, deployment, namespace);
          rollout.promote(stable, timeout);
          console.info("promoted: deployment/" + stable + " serves the canary's version");
          context.outputs().set("canary", "promoted");
          return null;
        });
  }

  /** The canary goes; stable gets its replicas back. */
  public void abort(Optional<String> deployment) {
    serving.withClient(
        (client, namespace) -> {
          CanaryRollout rollout =
              new CanaryRollout(client, namespace, RolloutConsole.listener(console));
          String stable = stableName(rollout, deployment, namespace);
          rollout.abort(stable);
          console.info("aborted: the canary of deployment/" + stable + " is gone");
          context.outputs().set("canary", "aborted");
          return null;
        });
  }

  /** The canary in progress, if any. */
  public Optional<CanaryStatus> status(Optional<String> deployment) {
    return serving.withClient(
        (client, namespace) -> {
          CanaryRollout rollout =
              new CanaryRollout(client, namespace, RolloutConsole.listener(console));
          List<String> canaries = rollout.inProgress();
          if (deployment.isEmpty() && canaries.isEmpty()) {
            return Optional.empty();
          }
          return rollout.status(stableName(rollout, deployment, namespace));
        });
  }

  private String act(
      CanaryRollout rollout,
      String stable,
      CanaryVerdict verdict,
      boolean automatic,
      Duration timeout) {
    if (!automatic) {
      console.info(
          "the canary keeps running; decide with: tfs-deploy canary promote, or tfs-deploy canary"
              + " abort");
      return "waiting";
    }
    if (verdict.decision() == Decision.PROMOTE) {
      rollout.promote(stable, timeout);
      console.info("promoted: deployment/" + stable + " serves the canary's version");
      return "promoted";
    }
    rollout.abort(stable);
    return "aborted";
  }

  private void report(CanaryVerdict verdict) {
    console.info("stable: " + numbers(verdict.stable()));
    console.info("canary: " + numbers(verdict.canary()));
    console.info(
        "verdict: "
            + verdict.decision().name().toLowerCase(Locale.ROOT)
            + " (judged by "
            + judgedBy(verdict)
            + ")");
    verdict.reasons().forEach(reason -> console.warn(reason));
  }

  private void summary(ServingRollout.Plan plan, CanaryVerdict verdict, String action) {
    StepOutputs outputs = context.outputs();
    outputs.set("canary", action);
    outputs.set("canary-verdict", verdict.decision().name().toLowerCase(Locale.ROOT));
    outputs.set("image-ref", plan.image());
    outputs.summary(
        String.join(
            "\n",
            "### Canary of `" + plan.image() + "`: " + action,
            "",
            "| track | requests | errors | error rate | p99 |",
            "|---|---|---|---|---|",
            row("stable", verdict.stable()),
            row("canary", verdict.canary()),
            "",
            "Judged by " + judgedBy(verdict) + ".",
            "",
            verdict.reasons().isEmpty()
                ? "Every threshold held."
                : String.join("\n", verdict.reasons().stream().map(r -> "- " + r).toList()),
            ""));
  }

  /** The server's own metrics, or the analysis' probe. */
  private static String judgedBy(CanaryVerdict verdict) {
    return switch (verdict.canary().source()) {
      case PROBE -> "an active probe of each track";
      default -> "TF Serving's metrics";
    };
  }

  private static String row(String track, TrackNumbers metrics) {
    return String.format(
        Locale.ROOT,
        "| %s | %d | %d | %.2f%% | %s |",
        track,
        metrics.requests(),
        metrics.errors(),
        100 * metrics.errorRate(),
        p99(metrics));
  }

  private static String numbers(TrackNumbers metrics) {
    return String.format(
        Locale.ROOT,
        "%d requests, %d errors (%.2f%%), p99 %s",
        metrics.requests(),
        metrics.errors(),
        100 * metrics.errorRate(),
        p99(metrics));
  }

  private static String p99(TrackNumbers metrics) {
    double p99 = metrics.p99Millis();
    return Double.isNaN(p99) ? "—" : String.format(Locale.ROOT, "%.1f ms", p99);
  }

  private static String share(CanarySpec spec) {
    String percent = spec.percent() + "%";
    return spec.mode() == CanaryMode.REPLICAS
        ? "about " + percent + " of traffic (by replicas, per connection)"
        : percent
            + " of traffic (HTTPRoute weights, through Gateway "
            + spec.gateway().orElseThrow()
            + ")";
  }

  private static Deployment live(KubernetesClient client, String namespace, CanaryPlan canary) {
    return client
        .apps()
        .deployments()
        .inNamespace(namespace)
        .withName(canary.canary().getMetadata().getName())
        .get();
  }

  private static String stableName(
      CanaryRollout rollout, Optional<String> deployment, String namespace) {
    if (deployment.isPresent()) {
      return deployment.get();
    }
    List<String> canaries = rollout.inProgress();
    if (canaries.size() == 1) {
      return canaries.get(0);
    }
    throw new UserError(
        canaries.isEmpty()
            ? "no canary is in progress in namespace " + namespace
            : "canaries of "
                + String.join(", ", canaries)
                + " are in progress in namespace "
                + namespace,
        canaries.isEmpty()
            ? "start one with tfs-deploy deploy --strategy canary"
            : "pass --deployment NAME to say which");
  }
}
