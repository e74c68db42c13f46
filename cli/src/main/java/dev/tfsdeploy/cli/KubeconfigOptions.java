package dev.tfsdeploy.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The kubeconfig and its context (a picocli mixin): for the commands that work on a namespace
 * ({@link KubernetesTarget}) and for {@code experiments sweep}, which makes its own namespaces.
 */
final class KubeconfigOptions {
  @Option(
      names = "--kubeconfig",
      paramLabel = "FILE",
      description =
          "Kubeconfig to use (default: the first entry of KUBECONFIG, else ~/.kube/config;"
              + " `tfs-deploy setup` writes one).")
  Path kubeconfig;

  @Option(
      names = "--context",
      paramLabel = "NAME",
      description = "Kubeconfig context (default: its current context).")
  String context;
}
