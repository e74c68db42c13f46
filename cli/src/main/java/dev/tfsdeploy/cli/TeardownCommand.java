package dev.tfsdeploy.cli;

import dev.tfsdeploy.UserError;
import dev.tfsdeploy.cluster.rollout.ApiErrors;
import dev.tfsdeploy.cluster.rollout.AppLabels;
import dev.tfsdeploy.cluster.rollout.AppObjects;
import dev.tfsdeploy.cluster.rollout.ObjectRef;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.Console;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code tfs-deploy teardown}: delete everything labelled for the app, the LoadBalancer included.
 */
@Command(
    name = "teardown",
    header = "Delete everything tfs-deploy deployed for the app.",
    sortOptions = false,
    usageHelpAutoWidth = true,
    description = {
      "Delete every object labelled app.kubernetes.io/managed-by=tfs-deploy and",
      "app.kubernetes.io/instance=<deployment> (the LoadBalancer Service costs",
      "money while it exists). Lists them first; asks on a terminal; elsewhere",
      "needs --yes. Prints what was removed."
    })
final class TeardownCommand extends StepCommand {
  @Mixin KubernetesTarget target;

  @Option(
      names = "--deployment",
      paramLabel = "NAME",
      description =
          "The app's Deployment (env GKE_DEPLOYMENT_NAME; default: the only one tfs-deploy manages"
              + " here).")
  String deploymentName;

  @Option(
      names = "--yes",
      description = "Delete without asking (required under GitHub Actions and without a terminal).")
  boolean yes;

  @Override
  public Integer call() {
    try (KubernetesClient client = target.connect(console())) {
      String namespace = client.getNamespace();
      try {
        AppObjects app = new AppObjects(client, namespace);
        String name = app.deploymentName(Optional.ofNullable(deploymentName));
        List<HasMetadata> objects = app.list(new AppLabels(name));
        if (objects.isEmpty()) {
          console()
              .info(
                  "nothing to remove: no object in namespace "
                      + namespace
                      + " carries "
                      + new AppLabels(name));
          return ExitCode.OK;
        }
        console().info("objects of app " + name + " in namespace " + namespace + ":");
        objects.forEach(o -> console().info("  " + ObjectRef.of(o)));
        confirm(objects.size());
        for (HasMetadata object : objects) {
          app.delete(object);
          console().info("deleted " + ObjectRef.of(object));
          console().result(ObjectRef.of(object).toString());
        }
        console().info("removed " + objects.size() + " object(s)");
        return ExitCode.OK;
      } catch (KubernetesClientException e) {
        throw ApiErrors.error("tearing down", e, namespace);
      }
    }
  }

  private void confirm(int count) {
    if (yes) {
      return;
    }
    if (console().actions().isActions()) {
      throw new UserError(
          "teardown under GitHub Actions needs --yes", "add --yes to the step once you are sure");
    }
    Console terminal = dev.tfsdeploy.actions.Console.terminal().orElse(null);
    if (!console().isInteractive() || terminal == null) {
      throw new UserError(
          "teardown would delete " + count + " object(s) and there is no terminal to ask",
          "pass --yes to delete them");
    }
    String answer = terminal.readLine("delete these %d object(s)? [y/N] ", count);
    if (answer == null || !answer.trim().toLowerCase(Locale.ROOT).startsWith("y")) {
      throw new UserError("teardown cancelled", null);
    }
  }
}
