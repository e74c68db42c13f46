package dev.tfsdeploy.pipeline;

import dev.tfsdeploy.actions.Console;
import dev.tfsdeploy.actions.StepOutputs;

/**
 * What every step reports to and identifies itself with: the console (stderr, masked secrets,
 * Actions log groups), the step outputs and job summary, and the tool's own identity.
 *
 * @param version the tool's version, sent in User-Agent headers and stamped on images
 * @param mainClass the class a new JVM runs to call the tool back (kubectl's exec plugin runs
 *     {@code tfs-deploy token} through it)
 */
public record StepContext(
    Console console, StepOutputs outputs, String version, Class<?> mainClass) {
  /** How the tool names itself to GitHub and Google APIs. */
  String userAgent() {
    return "tfs-deploy/" + version;
  }
}
