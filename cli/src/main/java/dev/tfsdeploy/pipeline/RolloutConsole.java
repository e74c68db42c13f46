package dev.tfsdeploy.pipeline;

import dev.tfsdeploy.actions.Console;
import dev.tfsdeploy.cluster.rollout.FailureDiagnosis;
import dev.tfsdeploy.cluster.rollout.PodProblem;
import dev.tfsdeploy.cluster.rollout.RolloutListener;
import java.util.Map;

/** Shows rollout progress and a failed rollout's diagnosis on the console (stderr). */
final class RolloutConsole {
  private RolloutConsole() {}

  static RolloutListener listener(Console console) {
    return new RolloutListener() {
      @Override
      public void progress(String message) {
        console.info(message);
      }

      @Override
      public void warning(String message) {
        console.warn(message);
      }
    };
  }

  /** Pod reasons, events and log tails, each under its own heading (a log group under Actions). */
  static void print(Console console, String deployment, FailureDiagnosis diagnosis) {
    try (Console.Group group = console.group("why deployment/" + deployment + " failed")) {
      if (diagnosis.problems().isEmpty()) {
        console.info("pods: no pod reported a problem");
      }
      for (PodProblem problem : diagnosis.problems()) {
        console.info(problem.toString());
      }
      console.info(diagnosis.events().isEmpty() ? "events: none" : "recent events:");
      diagnosis.events().forEach(event -> console.info("  " + event));
      for (Map.Entry<String, String> log : diagnosis.logs().entrySet()) {
        console.info("last lines logged by pod/" + log.getKey() + ":");
        log.getValue().lines().forEach(line -> console.info("  " + line));
      }
    }
  }
}
