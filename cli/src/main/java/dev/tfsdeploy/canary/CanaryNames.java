package dev.tfsdeploy.canary;

import dev.tfsdeploy.cluster.rollout.RolloutProvenance;

/**
 * The names, labels and annotations a canary carries: one owner, since start, status, promote and
 * abort (maybe in different processes, after a crash) must agree on them. The state of a canary
 * lives on its Deployment's annotations, so nothing but the cluster needs to remember it.
 */
public final class CanaryNames {
  /** Pod label telling canary pods from stable ones (stable pods do not carry it). */
  public static final String TRACK = RolloutProvenance.PREFIX + "track";

  public static final String CANARY = "canary";

  /** On the canary Deployment: the stable Deployment it is a canary of. */
  public static final String CANARY_OF = RolloutProvenance.PREFIX + "canary-of";

  /** On the canary Deployment: the stable Deployment's replicas before the canary took a share. */
  public static final String STABLE_REPLICAS = RolloutProvenance.PREFIX + "canary-stable-replicas";

  /** On the canary Deployment: the percent of traffic asked for. */
  public static final String PERCENT = RolloutProvenance.PREFIX + "canary-percent";

  /** On the canary Deployment: {@link CanaryMode#optionValue()}. */
  public static final String MODE = RolloutProvenance.PREFIX + "canary-mode";

  /** On the canary Deployment: the HTTPRoute splitting traffic (gateway mode). */
  public static final String ROUTE = RolloutProvenance.PREFIX + "canary-route";

  /** On the canary Deployment: the last analysis' verdict, one line. */
  public static final String VERDICT = RolloutProvenance.PREFIX + "canary-verdict";

  private static final String SUFFIX = "-canary";

  private CanaryNames() {}

  /** The canary of Deployment or Service {@code stable}. */
  public static String canaryOf(String stable) {
    return stable + SUFFIX;
  }
}
