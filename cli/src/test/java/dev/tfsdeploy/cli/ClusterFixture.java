package dev.tfsdeploy.cli;

import dev.tfsdeploy.cluster.rollout.testing.ClusterSimulator;
import dev.tfsdeploy.cluster.rollout.testing.KubeApi;
import dev.tfsdeploy.cluster.rollout.testing.TfServingBackend;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What the cluster commands' tests run against: a mock API server with a simulated controller, a TF
 * Serving-shaped server behind the pods' port-forwards, a kubeconfig pointing at it all, and a
 * runner for command lines.
 */
final class ClusterFixture implements AutoCloseable {
  static final String LOAD_BALANCER_IP = "34.118.10.20";

  final KubeApi api = KubeApi.start();
  final TfServingBackend serving = new TfServingBackend("model", "1", 2);
  final ClusterSimulator cluster =
      new ClusterSimulator(api).servingBackend(serving.address()).start();
  final ModelCommandRunner cli = new ModelCommandRunner();
  final Path dir;
  final Path kubeconfig;

  ClusterFixture(Path dir) {
    this.dir = dir;
    this.kubeconfig = api.writeKubeconfig(dir.resolve("kubeconfig"));
  }

  /** Writes rendered YAML to a file and returns its path. */
  Path manifests(String name, String yaml) {
    try {
      return Files.writeString(dir.resolve(name), yaml);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Runs {@code command} with --kubeconfig added. */
  int run(String command, String... args) {
    String[] line = new String[args.length + 3];
    line[0] = command;
    System.arraycopy(args, 0, line, 1, args.length);
    line[args.length + 1] = "--kubeconfig";
    line[args.length + 2] = kubeconfig.toString();
    return cli.run(line);
  }

  @Override
  public void close() {
    cluster.close();
    serving.close();
    api.close();
  }
}
