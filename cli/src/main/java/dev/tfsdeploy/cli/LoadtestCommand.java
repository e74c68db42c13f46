package dev.tfsdeploy.cli;

import dev.tfsdeploy.Durations;
import dev.tfsdeploy.UserError;
import dev.tfsdeploy.cluster.kubeconfig.KubeconfigFile;
import dev.tfsdeploy.cluster.kubernetes.KubernetesClients;
import dev.tfsdeploy.experiments.ExperimentSummary;
import dev.tfsdeploy.experiments.Experiments;
import dev.tfsdeploy.loadtest.CapacityReport;
import dev.tfsdeploy.loadtest.CapacityRequest;
import dev.tfsdeploy.loadtest.CapacityResult;
import dev.tfsdeploy.loadtest.CapacitySearch;
import dev.tfsdeploy.loadtest.DeployedService;
import dev.tfsdeploy.loadtest.GrpcLoadGenerator;
import dev.tfsdeploy.loadtest.GrpcTarget;
import dev.tfsdeploy.loadtest.LoadGenerator;
import dev.tfsdeploy.loadtest.LoadListener;
import dev.tfsdeploy.loadtest.LoadResult;
import dev.tfsdeploy.loadtest.LoadSpec;
import dev.tfsdeploy.loadtest.RequestBody;
import dev.tfsdeploy.loadtest.ServiceTunnel;
import dev.tfsdeploy.loadtest.ServingApi;
import dev.tfsdeploy.loadtest.StartInstant;
import dev.tfsdeploy.loadtest.Target;
import dev.tfsdeploy.loadtest.WorkerShare;
import dev.tfsdeploy.loadtest.workers.InClusterLoad;
import dev.tfsdeploy.loadtest.workers.InClusterRequest;
import dev.tfsdeploy.loadtest.workers.WorkersResult;
import dev.tfsdeploy.overlay.Kustomization;
import dev.tfsdeploy.overlay.RenderOptions;
import dev.tfsdeploy.overlay.RenderedObject;
import dev.tfsdeploy.overlay.Rendering;
import dev.tfsdeploy.serving.JsonTensors;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.tensorflow.proto.SignatureDef;
import org.tensorflow.proto.TensorProto;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.TypeConversionException;

/** {@code tfs-deploy loadtest}: predict requests at a closed- or open-loop load, measured. */
@Command(
    name = "loadtest",
    subcommands = {LoadtestMergeCommand.class, LoadtestWorkerImageCommand.class},
    header = "Load-test a TF Serving REST or gRPC endpoint (closed or open loop).",
    sortOptions = false,
    usageHelpAutoWidth = true,
    description = {
      "Load-test a TF Serving endpoint with predict requests, over its REST API",
      "(default) or its gRPC API (--protocol grpc): requests/s, latency",
      "p50/p90/p99/p99.9/max and errors by kind. stdout is the result (JSON).",
      "",
      "Closed loop (--concurrency N): N connections, each sending its next request",
      "when the last is answered. Open loop (--rate R): R requests/s at fixed times,",
      "whatever the server does; latency counts from each request's intended send",
      "time, so a stall shows in every request it delayed (no coordinated omission).",
      "",
      "The target: --url, or --experiment NAME to port-forward to the deployed",
      "experiment's Service (with --url, --experiment only names the result).",
      "--in-cluster --experiment NAME: load workers in a Kubernetes Job load the",
      "Service from inside the cluster; their results are merged exactly."
    },
    footerHeading = "%n",
    footer = {
      "Durations: 500ms, 30s, 1.5s, 2m, 1h, 1m30s (a bare number is seconds).",
      "Errors: http_<status>, grpc_<status>, timeout, connect (refused,",
      "unreachable), connection (closed or reset mid-request), protocol (not an",
      "HTTP response).",
      "Exit 1 when no request succeeded (the result is still printed and written).",
      "--find-capacity: exit 0 with capacity_rps, exit 3 when the search found no",
      "capacity (generator, --max-rate or --max-duration was the limit)."
    })
final class LoadtestCommand extends StepCommand {
  static final int CLOSED_DEFAULT_CONCURRENCY = 8;
  static final int OPEN_DEFAULT_CONNECTIONS = 100;

  @Option(
      names = "--url",
      paramLabel = "URL",
      description =
          "TF Serving's address: REST http://127.0.0.1:8501 (or the full :predict URL); with"
              + " --protocol grpc, grpc://127.0.0.1:8500.")
  String url;

  @Option(
      names = "--protocol",
      paramLabel = "API",
      defaultValue = "rest",
      converter = ProtocolConverter.class,
      description =
          "rest (JSON over HTTP/1.1, port 8501) or grpc (PredictionService/Predict over HTTP/2,"
              + " port 8500); default: ${DEFAULT-VALUE}.")
  ServingApi protocol;

  // --experiment port-forwards to the deployed experiment's Service; with --url it only names the
  // result (the command's description says so).
  @Mixin ExperimentOption experimentOption;

  @Mixin ModelNameOption modelNameOption;

  // loadtest's older short name for --model-name, kept for the scripts that use it.
  @Option(names = "--model", paramLabel = "NAME", hidden = true)
  String deprecatedModel;

  /** The options' values, taken once {@link #call} starts. */
  private String experiment;

  private String modelName;

  /** This process's part of the load when it is one of several workers, else null. */
  private WorkerShare share;

  @Mixin PredictBodyOptions predictBody;

  @Option(
      names = "--concurrency",
      paramLabel = "N",
      description =
          "Closed loop: connections, or gRPC calls in flight (default "
              + CLOSED_DEFAULT_CONCURRENCY
              + ")."
              + " Open loop: most at once (default "
              + OPEN_DEFAULT_CONNECTIONS
              + ").")
  Integer concurrency;

  @Option(names = "--rate", paramLabel = "R", description = "Open loop at R requests per second.")
  Double rate;

  @Option(
      names = "--duration",
      paramLabel = "DURATION",
      converter = DurationConverter.class,
      description = "How long to measure (default 30s unless --requests).")
  Duration duration;

  @Option(
      names = "--requests",
      paramLabel = "N",
      description = "How many requests to measure, instead of --duration.")
  Long requests;

  @Option(
      names = "--warmup",
      paramLabel = "DURATION",
      converter = DurationConverter.class,
      defaultValue = "0s",
      description = "Load before measuring, not counted (default: ${DEFAULT-VALUE}).")
  Duration warmup;

  @Option(
      names = "--timeout",
      paramLabel = "DURATION",
      converter = DurationConverter.class,
      defaultValue = "10s",
      description =
          "Longest a request may take; in open loop counted from its intended time (default:"
              + " ${DEFAULT-VALUE}).")
  Duration timeout;

  @Option(
      names = "--threads",
      paramLabel = "N",
      description =
          "Event-loop threads, each with its own gRPC connection (default: the CPU cores, at most"
              + " the connections).")
  Integer threads;

  @Option(
      names = "--json",
      paramLabel = "FILE",
      description = "Also write the result as JSON (for `experiments compare`).")
  Path jsonFile;

  @Option(
      names = "--csv",
      paramLabel = "FILE",
      description = "Append the result as a CSV row (header when the file is new).")
  Path csvFile;

  @Option(
      names = "--in-cluster",
      description =
          "Generate the load inside the cluster: --workers load workers in a Kubernetes Job aimed"
              + " at the experiment's Service by its cluster DNS name; their results are merged"
              + " exactly.")
  boolean inCluster;

  @Option(
      names = "--workers",
      paramLabel = "N",
      description =
          "With --in-cluster: how many workers share the load (default 1). Without: this run is"
              + " one of N workers that share the load (rate, connections, requests) and start"
              + " together at --start-at; its result is one JSON line, for `loadtest merge`.")
  Integer workers;

  @Mixin WorkerImageOptions workerImages;

  @Option(
      names = "--worker-index",
      paramLabel = "I",
      description = "With --workers: which worker this is, from 0 (an Indexed Job's variable).")
  Integer workerIndex;

  @Option(
      names = "--start-at",
      paramLabel = "TIME",
      converter = InstantConverter.class,
      description =
          "With --workers: when all workers start, in seconds since the epoch or RFC 3339.")
  Instant startAt;

  @Option(
      names = "--find-capacity",
      description =
          "Search for the highest open-loop rate that meets --slo-p99 and --max-error-rate"
              + " (doubling from --start-rate, then bisecting); exit 3 when no capacity is found.")
  boolean findCapacity;

  @Mixin CapacityOptions capacityOptions;

  @Mixin KubeDirOption kubeDir;

  @Option(
      names = "--kubeconfig",
      paramLabel = "PATH",
      description =
          "For --experiment (default: the first entry of KUBECONFIG, else ~/.kube/config).")
  Path kubeconfig;

  @Option(
      names = "--context",
      paramLabel = "NAME",
      description = "Kubeconfig context for --experiment (default: current).")
  String context;

  @Override
  public Integer call() {
    experiment = experimentOption.name;
    modelName = modelNameOption.name;
    if (modelName == null) {
      modelName = deprecatedModel;
    }
    if (url == null && experiment == null) {
      throw new ParameterException(
          spec.commandLine(),
          "missing "
              + EnvironmentDefaults.describe("--url")
              + " or "
              + EnvironmentDefaults.describe(ExperimentOption.OPTION));
    }
    share = workerShare();
    RequestBody body = predictBody.body(spec);
    Load load =
        findCapacity
            ? new Load(null, capacityRequest())
            : new Load(share == null ? loadSpec() : share.of(loadSpec()), null);
    if (inCluster) {
      return runInCluster(body, load);
    }
    if (url != null) {
      return run(url, body, load, experimentReplicas());
    }
    ExperimentService service = experimentService();
    try (KubernetesClient client =
            KubernetesClients.forKubeconfig(
                kubeconfigPath(),
                Optional.ofNullable(context),
                console().actions()::get,
                console()::mask);
        ServiceTunnel tunnel =
            ServiceTunnel.open(client, service.namespace(), service.name(), experiment, protocol)) {
      console()
          .info(
              "port-forward "
                  + tunnel.url()
                  + " -> pod "
                  + tunnel.podName()
                  + " of Service "
                  + service.name());
      String direct =
          tunnel
              .loadBalancer()
              .map(
                  ip ->
                      " For capacity numbers, load the Service's address: --url "
                          + protocol.url(ip, protocol.port())
                          + " --experiment "
                          + experiment
                          + ".")
              .orElse("");
      console()
          .warn(
              "a port-forward reaches one pod"
                  + (tunnel.readyPods() > 1 ? " of " + tunnel.readyPods() : "")
                  + " through the Kubernetes API server, which adds latency and caps throughput."
                  + direct);
      int code = run(tunnel.url(), body, load, Optional.of(service.replicas()));
      tunnel
          .trouble()
          .ifPresent(trouble -> console().warn("the port-forward reported: " + trouble));
      return code;
    }
  }

  /** The load generated by workers in a Job, each step's when it is a capacity search. */
  private int runInCluster(RequestBody body, Load load) {
    if (experiment == null) {
      throw new UserError(
          "--in-cluster needs the experiment whose Service the workers load",
          "pass --experiment NAME");
    }
    ExperimentService service = experimentService();
    int count = workers == null ? 1 : workers;
    LoadSpec first =
        load.spec() != null ? load.spec() : load.capacity().step(load.capacity().startRate(), true);
    // A load that does not split into the workers is refused before an image is built.
    new WorkerShare(0, count).of(first);
    try (KubernetesClient client =
        KubernetesClients.forKubeconfig(
            kubeconfigPath(),
            Optional.ofNullable(context),
            console().actions()::get,
            console()::mask)) {
      InClusterRequest request =
          new InClusterRequest(
              service.namespace(),
              service.name(),
              experiment,
              protocol,
              Target.requireModelName("the experiment's Service", modelName),
              predictBody.signature,
              new String(body.bytes(), StandardCharsets.UTF_8),
              first,
              count,
              workerImages.image != null ? workerImages.image : builtWorkerImage(client, service),
              workerImages.startDelay);
      InClusterLoad workersRun = new InClusterLoad(client, console()::info, Clock.systemUTC());
      console().info("request: " + body.source() + " (" + body.bytes().length + " bytes)");
      if (load.capacity() != null) {
        return search(
            load.capacity(),
            "Service " + service.name() + " from " + count + " in-cluster worker(s)",
            spec -> workersRun.run(request.withLoad(spec)).measurement(),
            new ProgressLines(),
            Optional.of(service.replicas()));
      }
      console().info("load test: " + first.describe() + " from " + count + " in-cluster worker(s)");
      WorkersResult result = workersRun.run(request);
      LoadResult merged =
          result.measurement().result().withExperiment(experiment, (int) service.replicas());
      return new LoadResultOutput(jsonFile, csvFile, false)
          .report(console(), outputs(), merged, result.workers());
    }
  }

  /** The workers' image built from this jar, pushed next to the image the experiment runs. */
  private String builtWorkerImage(KubernetesClient client, ExperimentService service) {
    DeployedService deployed =
        DeployedService.find(client, service.namespace(), service.name(), experiment);
    String modelImage = deployed.readyPods().get(0).getSpec().getContainers().get(0).getImage();
    if (modelImage == null || modelImage.isBlank()) {
      throw new UserError(
          "the pods of Service " + service.name() + " name no image to put the workers' next to",
          "pass --worker-image IMAGE");
    }
    return WorkerImages.besideModelImage(context(), modelImage, workerImages.base);
  }

  /** A single run, or a capacity search: exactly one is set. */
  private record Load(LoadSpec spec, CapacityRequest capacity) {}

  private int run(String address, RequestBody body, Load load, Optional<Long> replicas) {
    if (load.capacity() == null) {
      return run(address, body, load.spec(), replicas);
    }
    console().info("request: " + body.source());
    ProgressLines progress = new ProgressLines();
    return search(
        load.capacity(),
        describe(address),
        stepRunner(address, body, progress),
        progress,
        replicas);
  }

  /** A capacity search whose steps {@code runner} runs against {@code shown}. */
  private int search(
      CapacityRequest capacity,
      String shown,
      CapacitySearch.StepRunner runner,
      ProgressLines progress,
      Optional<Long> replicas) {
    console()
        .info(
            "capacity search: p99 within "
                + Durations.format(capacity.sloP99())
                + ", errors within "
                + String.format(Locale.ROOT, "%.2f%%", 100 * capacity.maxErrorRate())
                + ", steps of "
                + Durations.format(capacity.stepDuration())
                + " from "
                + capacity.startRate()
                + " requests/s -> "
                + shown);
    CapacitySearch search =
        new CapacitySearch(
            runner,
            step -> {
              progress.finish();
              console()
                  .info(
                      String.format(
                          Locale.ROOT,
                          "step at %.1f requests/s: p99 %.2f ms, %d failed of %d: %s",
                          step.rate(),
                          step.result().latency().p99(),
                          step.result().failures(),
                          step.result().requests(),
                          step.verdict().text()));
            });
    CapacityResult result = search.find(capacity, shown);
    CapacityReport report =
        new CapacityReport(result, experiment, replicas.map(Long::intValue).orElse(null));
    console().info(report.text().stripTrailing());
    if (jsonFile != null) {
      report.writeJson(jsonFile);
    }
    outputs().summary(report.markdown());
    result
        .capacity()
        .ifPresent(
            step -> {
              outputs().set("capacity-rps", String.format(Locale.ROOT, "%.1f", step.rate()));
              outputs().set("p99-ms", String.valueOf(step.result().latency().p99()));
            });
    console().result(report.json());
    return result.capacity().isPresent() ? ExitCode.OK : ExitCode.NO_CAPACITY;
  }

  /** The predict URL the load goes to, for logs and results. */
  private String describe(String address) {
    return protocol == ServingApi.GRPC
        ? GrpcTarget.of(address, modelName, predictBody.signature).url()
        : Target.of(address, modelName).url();
  }

  /** Each step of a capacity search: one open-loop run over the chosen API. */
  private CapacitySearch.StepRunner stepRunner(
      String address, RequestBody body, ProgressLines progress) {
    if (protocol == ServingApi.GRPC) {
      GrpcTarget target = GrpcTarget.of(address, modelName, predictBody.signature);
      GrpcLoadGenerator generator = new GrpcLoadGenerator(progress);
      SignatureDef served =
          body.signature().orElseGet(() -> generator.servedSignature(target, timeout));
      Map<String, TensorProto> inputs =
          JsonTensors.fromPredictBody(body.json(), served, body.source());
      return spec -> generator.measure(target, inputs, spec);
    }
    Target target = Target.of(address, modelName);
    LoadGenerator generator = new LoadGenerator(progress);
    return spec -> generator.measure(target, body.bytes(), spec);
  }

  private int run(String address, RequestBody body, LoadSpec load, Optional<Long> replicas) {
    ProgressLines progress = new ProgressLines();
    LoadResult result;
    if (protocol == ServingApi.GRPC) {
      GrpcTarget target = GrpcTarget.of(address, modelName, predictBody.signature);
      GrpcLoadGenerator generator = new GrpcLoadGenerator(progress);
      // The dtypes of the JSON body's values: from the signature it was made for, else from the
      // server.
      SignatureDef served =
          body.signature().orElseGet(() -> generator.servedSignature(target, timeout));
      Map<String, TensorProto> inputs =
          JsonTensors.fromPredictBody(body.json(), served, body.source());
      console()
          .info(
              "load test: "
                  + load.describe()
                  + " -> "
                  + target.url()
                  + " (gRPC, signature "
                  + predictBody.signature
                  + ")");
      console().info("request: " + body.source() + " as " + inputs.size() + " input tensor(s)");
      awaitStart(load);
      result = generator.run(target, inputs, load);
    } else {
      Target target = Target.of(address, modelName);
      console().info("load test: " + load.describe() + " -> " + target.url());
      console().info("request: " + body.source() + " (" + body.bytes().length + " bytes)");
      awaitStart(load);
      result = new LoadGenerator(progress).run(target, body.bytes(), load);
    }
    progress.finish();
    return report(result, replicas);
  }

  private int report(LoadResult measured, Optional<Long> replicas) {
    LoadResult result =
        experiment == null
            ? measured
            : measured.withExperiment(experiment, replicas.map(Long::intValue).orElse(null));
    return new LoadResultOutput(jsonFile, csvFile, share != null)
        .report(console(), outputs(), result, List.of());
  }

  /** The worker's share of the load, or null when this run is no worker. */
  private WorkerShare workerShare() {
    if (inCluster) {
      if (url != null) {
        throw new UserError(
            "--in-cluster loads the experiment's Service, not --url",
            "drop --url and pass --experiment NAME");
      }
      if (workerIndex != null || startAt != null) {
        throw new UserError(
            "--in-cluster gives each worker its index and start itself",
            "drop --worker-index and --start-at");
      }
      return null;
    }
    if (workerImages.image != null) {
      throw new UserError("--worker-image is for --in-cluster", "add --in-cluster");
    }
    if (workers == null) {
      if (workerIndex != null || startAt != null) {
        throw new UserError(
            (workerIndex != null ? "--worker-index" : "--start-at") + " is for a worker",
            "add --workers N (how many workers share the load)");
      }
      return null;
    }
    if (findCapacity) {
      throw new UserError(
          "a worker runs one load, not a capacity search", "drop --find-capacity, or --workers");
    }
    if (url == null) {
      throw new UserError(
          "a worker needs --url", "pass the address every worker loads, e.g. the Service's");
    }
    if (workerIndex == null) {
      throw new ParameterException(
          spec.commandLine(), "missing " + EnvironmentDefaults.describe("--worker-index"));
    }
    return new WorkerShare(workerIndex, workers);
  }

  /** A worker starts with the others, at --start-at; any other run starts now. */
  private void awaitStart(LoadSpec load) {
    if (share == null || startAt == null) {
      return;
    }
    console().info("worker " + share.index() + " of " + share.count() + ": starting at " + startAt);
    new StartInstant(Clock.systemUTC()).await(startAt, WorkerShare.lateness(load));
  }

  private LoadSpec loadSpec() {
    if (duration != null && requests != null) {
      throw new UserError("--duration and --requests both bound the run", "pass one of them");
    }
    if (requests != null && requests < 1) {
      throw new UserError("--requests " + requests + " is not a request count", "pass 1 or more");
    }
    if (concurrency != null && concurrency < 1) {
      throw new UserError(
          "--concurrency " + concurrency + " is not a number of connections", "pass 1 or more");
    }
    if (rate != null && !(rate > 0 && Double.isFinite(rate))) {
      throw new UserError(
          "--rate " + rate + " is not a request rate", "pass requests per second, e.g. --rate 200");
    }
    if (timeout.isZero()) {
      throw new UserError("--timeout 0 would fail every request", "pass e.g. --timeout 10s");
    }
    if (threads != null && threads < 1) {
      throw new UserError("--threads " + threads + " is not a thread count", "pass 1 or more");
    }
    Duration measured =
        requests == null ? (duration != null ? duration : Duration.ofSeconds(30)) : null;
    if (measured != null && measured.isZero()) {
      throw new UserError("--duration 0 measures nothing", "pass e.g. --duration 30s");
    }
    LoadSpec.Mode mode = rate != null ? LoadSpec.Mode.OPEN : LoadSpec.Mode.CLOSED;
    int connections =
        concurrency != null
            ? concurrency
            : mode == LoadSpec.Mode.OPEN ? OPEN_DEFAULT_CONNECTIONS : CLOSED_DEFAULT_CONCURRENCY;
    int threadCount = threads != null ? threads : Runtime.getRuntime().availableProcessors();
    return new LoadSpec(
        mode,
        connections,
        rate == null ? 0 : rate,
        measured,
        requests == null ? 0 : requests,
        warmup,
        timeout,
        threadCount);
  }

  private CapacityRequest capacityRequest() {
    if (rate != null || duration != null || requests != null) {
      throw new UserError(
          "--find-capacity chooses the rates and durations itself",
          "drop --rate, --duration and --requests (use --start-rate and --step-duration)");
    }
    if (csvFile != null) {
      throw new UserError(
          "--csv holds single runs, not a capacity search", "use --json FILE with --find-capacity");
    }
    return capacityOptions.toRequest("--find-capacity", concurrency, warmup, timeout, threads);
  }

  private Optional<Long> experimentReplicas() {
    if (experiment == null) {
      return Optional.empty();
    }
    // Only a label here; an experiment this checkout does not hold still names the result.
    Experiments experiments = kubeDir.experiments();
    if (!Files.isDirectory(experiments.experimentsDir())
        || !experiments.names().contains(experiment)) {
      return Optional.empty();
    }
    return Optional.of(experimentService().replicas());
  }

  /** What the experiment renders: its Service (name, namespace) and its replicas. */
  private ExperimentService experimentService() {
    Experiments experiments = kubeDir.experiments();
    Rendering rendering =
        Kustomization.load(experiments.directory(experiment)).render(RenderOptions.DEFAULT);
    RenderedObject service =
        rendering
            .find("Service")
            .orElseThrow(
                () ->
                    new UserError(
                        "experiment " + experiment + " renders no Service",
                        "add the base's Service to its overlay"));
    return new ExperimentService(
        service.name(),
        service.namespace(),
        ExperimentSummary.of(experiment, rendering).replicas());
  }

  private record ExperimentService(String name, String namespace, long replicas) {}

  private Path kubeconfigPath() {
    return kubeconfig != null ? kubeconfig : KubeconfigFile.defaultPath(console().actions()::get);
  }

  /** Progress on stderr: a line redrawn in place on a terminal, a line every few seconds in CI. */
  private final class ProgressLines implements LoadListener {
    private long lastShown = System.nanoTime();
    private boolean drawn;

    /** Ends a line redrawn in place, so what follows starts on its own line. */
    void finish() {
      if (drawn) {
        console().rawErr("\n");
      }
    }

    @Override
    public void progress(Progress p) {
      long now = System.nanoTime();
      boolean interactive = console().isInteractive();
      if (now - lastShown < (interactive ? 1_000_000_000L : 5_000_000_000L)) {
        return;
      }
      lastShown = now;
      String line =
          String.format(
              Locale.ROOT,
              "%s %.0f/%.0f s: %d ok, %d failed",
              p.measuring() ? "measuring" : "warming up",
              p.elapsedSeconds(),
              p.boundSeconds(),
              p.successes(),
              p.failures());
      if (interactive) {
        console().rawErr("\r" + line + "   ");
        drawn = true;
      } else {
        console().info(line);
      }
    }
  }

  /** "rest" or "grpc", in any case. */
  static final class ProtocolConverter implements ITypeConverter<ServingApi> {
    @Override
    public ServingApi convert(String value) {
      return switch (value.strip().toLowerCase(Locale.ROOT)) {
        case "rest", "http" -> ServingApi.REST;
        case "grpc" -> ServingApi.GRPC;
        default ->
            throw new TypeConversionException("'" + value + "' is not an API: pass rest or grpc");
      };
    }
  }
}
