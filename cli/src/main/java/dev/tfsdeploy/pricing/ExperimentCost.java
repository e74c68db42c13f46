package dev.tfsdeploy.pricing;

import dev.tfsdeploy.UserError;
import dev.tfsdeploy.cluster.rollout.Manifests;
import dev.tfsdeploy.experiments.Experiments;
import dev.tfsdeploy.overlay.Kustomization;
import dev.tfsdeploy.overlay.RenderOptions;
import dev.tfsdeploy.overlay.Rendering;
import dev.tfsdeploy.sizing.AutopilotRules;
import dev.tfsdeploy.sizing.GkeAllocatable;
import dev.tfsdeploy.sizing.GkeMode;
import dev.tfsdeploy.sizing.MachineType;
import dev.tfsdeploy.sizing.PodResources;
import dev.tfsdeploy.sizing.Workload;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * What an experiment costs per hour as deployed, all replicas together, from a {@link PriceTable}.
 *
 * <p>GKE Standard bills nodes: each Deployment needs as many nodes of the machine type its node
 * selector names as its pods fill, side by side within what a node leaves for workloads ({@link
 * GkeAllocatable#forWorkloads}), at least one pod per node. GKE Autopilot bills pods: every
 * replica's requests after {@link AutopilotRules#billed}, at the region's vCPU-hour and GiB-hour
 * rates.
 */
public final class ExperimentCost {
  private final PriceTable prices;

  public ExperimentCost(PriceTable prices) {
    this.prices = prices;
  }

  /**
   * What to price.
   *
   * @param experiment the name messages use
   * @param region a region or zone, e.g. us-central1 or us-central1-a
   */
  public record Request(String experiment, List<Workload> workloads, GkeMode mode, String region) {
    public Request {
      workloads = List.copyOf(workloads);
    }
  }

  /**
   * An hourly price and how it was made up.
   *
   * @param basis what is billed, e.g. "4 x e2-standard-2 node" or "4 pods x 1.5 vCPU and 4Gi"
   */
  public record Quote(double usdPerHour, String basis) {}

  /**
   * The quote for experiment {@code name} of a kube directory, rendered as {@code deploy} renders
   * it.
   */
  public Quote quote(Experiments experiments, String name, GkeMode mode, String region) {
    Path dir = experiments.directory(name);
    Rendering rendering = Kustomization.load(dir).render(RenderOptions.DEFAULT);
    List<Workload> workloads =
        Workload.allIn(Manifests.parse(rendering.yaml(), dir.toString()).objects());
    return quote(new Request(name, workloads, mode, region));
  }

  /**
   * Prices experiments of a kube directory by name, for runs that name one: empty for a name that
   * is no experiment there, and for one that cannot be priced, after telling {@code warnings} why.
   */
  public Function<String, Optional<Quote>> pricer(
      Experiments experiments, GkeMode mode, String region, Consumer<String> warnings) {
    Set<String> names =
        Files.isDirectory(experiments.experimentsDir())
            ? Set.copyOf(experiments.names())
            : Set.of();
    return name -> {
      if (!names.contains(name)) {
        return Optional.empty();
      }
      try {
        return Optional.of(quote(experiments, name, mode, region));
      } catch (UserError e) {
        warnings.accept("no price for " + name + ": " + e.oneLine());
        return Optional.empty();
      }
    };
  }

  public Quote quote(Request request) {
    String region = PriceTable.region(request.region());
    double total = 0;
    List<String> basis = new ArrayList<>();
    for (Workload workload : request.workloads()) {
      if (request.mode() == GkeMode.AUTOPILOT) {
        PriceTable.Rates rates =
            prices
                .autopilot(region)
                .orElseThrow(() -> missing("GKE Autopilot", region, "autopilot " + region));
        PodResources billed = AutopilotRules.billed(workload.perPod());
        total += workload.replicas() * rates.hourly(billed.vcpus(), billed.memoryGib());
        basis.add(workload.replicas() + " Autopilot pod(s) x " + billed);
      } else {
        String type =
            workload
                .machineType()
                .orElseThrow(
                    () ->
                        new UserError(
                            "experiment "
                                + request.experiment()
                                + ": deployment/"
                                + workload.name()
                                + " names no machine type ("
                                + MachineType.INSTANCE_TYPE_LABEL
                                + " node selector), so its nodes cannot be priced",
                            "add the node selector to its overlay, or pass --price-per-hour "
                                + request.experiment()
                                + "=USD"));
        long nodes = nodes(workload, type);
        total += nodes * nodePrice(region, type);
        basis.add(nodes + " x " + type);
      }
    }
    return new Quote(total, String.join(" + ", basis));
  }

  /**
   * Nodes the Deployment's pods fill: as many side by side as a node leaves room for, at least 1.
   */
  private static long nodes(Workload workload, String type) {
    long perNode =
        MachineType.parse(type)
            .map(m -> workload.perPod().howManyFitIn(GkeAllocatable.forWorkloads(m)))
            .filter(n -> n > 0)
            .orElse(1L);
    return (workload.replicas() + perNode - 1) / perNode;
  }

  private double nodePrice(String region, String type) {
    Optional<Double> listed = prices.machine(region, type);
    if (listed.isPresent()) {
      return listed.get();
    }
    Optional<MachineType> machine = MachineType.parse(type).filter(MachineType::custom);
    if (machine.isPresent()) {
      PriceTable.Rates rates =
          prices
              .custom(region, machine.get().family())
              .orElseThrow(
                  () ->
                      missing(
                          "custom " + machine.get().family() + " machine types",
                          region,
                          "custom " + region + " " + machine.get().family() + " USD_VCPU USD_GIB"));
      return rates.hourly(machine.get().vcpus(), machine.get().memoryGib());
    }
    throw missing(type, region, "machine " + region + " " + type + " USD");
  }

  private UserError missing(String what, String region, String line) {
    return new UserError(
        prices.origin()
            + " has no price for "
            + what
            + " in "
            + region
            + " (it prices "
            + prices.regions()
            + ")",
        "pass --region with one of those, or --prices FILE with a line `" + line + "`");
  }
}
