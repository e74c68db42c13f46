package dev.tfsdeploy.cluster.rollout;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The kinds tfs-deploy applies, prunes and tears down. A rendered object of any other kind is
 * refused: applying it would leave something behind that prune and teardown never find.
 */
public enum ManagedKind {
  DEPLOYMENT("Deployment", Deployment.class),
  SERVICE("Service", Service.class),
  CONFIG_MAP("ConfigMap", ConfigMap.class),
  SECRET("Secret", Secret.class),
  SERVICE_ACCOUNT("ServiceAccount", ServiceAccount.class),
  POD_DISRUPTION_BUDGET("PodDisruptionBudget", PodDisruptionBudget.class),
  HORIZONTAL_POD_AUTOSCALER("HorizontalPodAutoscaler", HorizontalPodAutoscaler.class);

  private final String kind;
  private final Class<? extends HasMetadata> type;

  ManagedKind(String kind, Class<? extends HasMetadata> type) {
    this.kind = kind;
    this.type = type;
  }

  public String kind() {
    return kind;
  }

  /** The Fabric8 model class the client lists and deletes this kind with. */
  public Class<? extends HasMetadata> type() {
    return type;
  }

  public static Optional<ManagedKind> of(String kind) {
    return Arrays.stream(values()).filter(k -> k.kind.equals(kind)).findFirst();
  }

  /** "Deployment, Service, ..." for messages. */
  public static String names() {
    return Arrays.stream(values()).map(ManagedKind::kind).collect(Collectors.joining(", "));
  }
}
