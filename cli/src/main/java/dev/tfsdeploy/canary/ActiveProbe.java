package dev.tfsdeploy.canary;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tfsdeploy.UserError;
import dev.tfsdeploy.cluster.rollout.ServiceEndpoint;
import dev.tfsdeploy.cluster.rollout.serving.PodTunnel;
import dev.tfsdeploy.cluster.rollout.serving.ServingPods;
import dev.tfsdeploy.cluster.rollout.serving.TfServingRest;
import dev.tfsdeploy.loadtest.LoadGenerator;
import dev.tfsdeploy.loadtest.LoadListener;
import dev.tfsdeploy.loadtest.LoadResult;
import dev.tfsdeploy.loadtest.LoadSpec;
import dev.tfsdeploy.loadtest.Target;
import dev.tfsdeploy.model.SavedModelValidator;
import dev.tfsdeploy.serving.ExampleInputs;
import dev.tfsdeploy.serving.RestMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.tensorflow.proto.SignatureDef;

/**
 * Judges the tracks by requests of its own when the server publishes no metrics: an open-loop load
 * test at a low rate against one ready pod of each track, through a port-forward, for the whole
 * window. Both tracks get the same body: the smoke request, or one made up for stable's default
 * signature (what clients send today; a canary that cannot answer it is a regression for them).
 */
public final class ActiveProbe implements TrackSignals {
  /** Requests per second per track: enough for a p99 over a few minutes, too few to matter. */
  public static final double DEFAULT_RATE = 5;

  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
  private static final int CONNECTIONS = 4;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final KubernetesClient client;
  private final String namespace;
  private final String model;
  private final double rate;
  private final Optional<String> body;

  /**
   * @param rate requests per second sent to each track ({@link AnalysisSignals} checked it)
   * @param body the predict request to send, or empty to make one up from stable's signature
   */
  public ActiveProbe(
      KubernetesClient client, String namespace, String model, double rate, Optional<String> body) {
    this.client = client;
    this.namespace = namespace;
    this.model = model;
    this.rate = rate;
    this.body = body;
  }

  public double rate() {
    return rate;
  }

  @Override
  public Watch watch(Deployment stable, Deployment canary, Duration window) {
    PodTunnel stableTunnel = tunnel(stable);
    PodTunnel canaryTunnel;
    try {
      canaryTunnel = tunnel(canary);
    } catch (RuntimeException e) {
      stableTunnel.close();
      throw e;
    }
    ExecutorService runs = Executors.newFixedThreadPool(2);
    try {
      byte[] request = request(stableTunnel);
      LoadSpec spec =
          new LoadSpec(
              LoadSpec.Mode.OPEN, CONNECTIONS, rate, window, 0, Duration.ZERO, REQUEST_TIMEOUT, 1);
      Future<LoadResult> stableRun = runs.submit(() -> probe(stableTunnel, request, spec));
      Future<LoadResult> canaryRun = runs.submit(() -> probe(canaryTunnel, request, spec));
      Duration bound = window.plus(REQUEST_TIMEOUT).plusSeconds(30);
      return () -> {
        try {
          return new Tracks(
              ProbeNumbers.of(await(stableRun, bound)), ProbeNumbers.of(await(canaryRun, bound)));
        } finally {
          finish(runs, stableTunnel, canaryTunnel);
        }
      };
    } catch (RuntimeException e) {
      finish(runs, stableTunnel, canaryTunnel);
      throw e;
    }
  }

  private PodTunnel tunnel(Deployment deployment) {
    String name = deployment.getMetadata().getName();
    String pod =
        ServingPods.readyPod(client, namespace, deployment)
            .orElseThrow(
                () ->
                    new UserError(
                        "no ready pod of deployment/" + name + " to probe",
                        "check `kubectl get pods`; the canary is still running: tfs-deploy canary"
                            + " status, then promote or abort"))
            .getMetadata()
            .getName();
    return PodTunnel.open(client, namespace, pod, ServiceEndpoint.REST_PORT);
  }

  private byte[] request(PodTunnel stable) {
    if (body.isPresent()) {
      return body.get().getBytes(StandardCharsets.UTF_8);
    }
    String fix = "pass --smoke-request FILE: the probe sends it to both tracks";
    Map<String, SignatureDef> signatures;
    try {
      TfServingRest.Answer answer =
          new TfServingRest(stable.baseUrl(), REQUEST_TIMEOUT).metadata(model);
      if (!answer.ok()) {
        throw new UserError(
            "pod/"
                + stable.pod()
                + " gave no signatures for model "
                + model
                + " (HTTP "
                + answer.code()
                + "): "
                + answer.error(),
            fix);
      }
      signatures = RestMetadata.signatures(answer.body());
    } catch (IOException e) {
      throw new UserError(
          "cannot read model " + model + "'s signatures from pod/" + stable.pod() + ": " + e,
          fix,
          e);
    }
    SignatureDef signature = signatures.get(SavedModelValidator.DEFAULT_SIGNATURE);
    if (signature == null) {
      throw new UserError(
          "model " + model + " has no " + SavedModelValidator.DEFAULT_SIGNATURE + " signature",
          fix);
    }
    try {
      return JSON.writeValueAsBytes(
          new ExampleInputs(0, 1, "--smoke-request FILE")
              .body(SavedModelValidator.DEFAULT_SIGNATURE, signature, true));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write a generated request as JSON", e);
    }
  }

  private LoadResult probe(PodTunnel tunnel, byte[] request, LoadSpec spec) {
    return new LoadGenerator(LoadListener.NONE)
        .run(Target.of(tunnel.baseUrl(), model), request, spec);
  }

  private static LoadResult await(Future<LoadResult> run, Duration bound) {
    try {
      return run.get(bound.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UserError(
          "the canary probe was interrupted",
          "the canary is still running: tfs-deploy canary status, then promote or abort");
    } catch (TimeoutException e) {
      throw new UserError(
          "the canary probe did not finish within " + bound.toSeconds() + "s",
          "the canary is still running: tfs-deploy canary status, then promote or abort");
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException cause) {
        throw cause;
      }
      throw new IllegalStateException(e.getCause());
    }
  }

  private static void finish(ExecutorService runs, PodTunnel... tunnels) {
    runs.shutdownNow();
    for (PodTunnel tunnel : tunnels) {
      tunnel.close();
    }
  }
}
