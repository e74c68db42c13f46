package dev.tfsdeploy.overlay;

import java.util.ArrayList;
import java.util.List;

/**
 * kustomize's builtin field specs (api/konfig/builtinpluginconsts, v5): which fields of which kinds
 * get labels, annotations, replicas and name references. Kinds not named here get only the specs
 * for every kind (metadata). Checked against kubectl kustomize by the corpus tests.
 */
final class FieldSpecs {
  private static final String APPS = "apps";
  private static final String BATCH = "batch";
  private static final String RBAC = "rbac.authorization.k8s.io";
  private static final String TEMPLATE = "spec/template/";
  private static final String JOB_TEMPLATE = "spec/jobTemplate/spec/template/";

  /** A kind with a pod template, and where its pod spec lies. */
  private record Workload(String group, String version, String kind, String podSpec) {
    FieldSpec at(String path, boolean create) {
      return FieldSpec.of(group, version, kind, podSpec + path, create);
    }
  }

  /**
   * kustomize's ConfigMap and Secret specs name Pods of version v1, its other specs Pods of any
   * version.
   */
  private static final Workload POD_V1 = new Workload(null, "v1", "Pod", "spec/");

  private static final Workload POD = new Workload(null, null, "Pod", "spec/");

  /** A PodTemplate object (kind PodTemplate, any version), whose pod spec is template/spec. */
  private static final Workload POD_TEMPLATE =
      new Workload(null, null, "PodTemplate", "template/spec/");

  private static final Workload DEPLOYMENT =
      new Workload(null, null, "Deployment", TEMPLATE + "spec/");
  private static final Workload REPLICA_SET =
      new Workload(null, null, "ReplicaSet", TEMPLATE + "spec/");
  private static final Workload DAEMON_SET =
      new Workload(null, null, "DaemonSet", TEMPLATE + "spec/");
  private static final Workload STATEFUL_SET =
      new Workload(null, null, "StatefulSet", TEMPLATE + "spec/");
  private static final Workload JOB = new Workload(null, null, "Job", TEMPLATE + "spec/");
  private static final Workload CRON_JOB =
      new Workload(null, null, "CronJob", JOB_TEMPLATE + "spec/");
  private static final Workload REPLICATION_CONTROLLER =
      new Workload(null, null, "ReplicationController", TEMPLATE + "spec/");

  /**
   * The workloads whose ConfigMap and Secret references kustomize follows (not
   * ReplicationController; PodTemplate only for these two).
   */
  private static final List<Workload> CONFIG_USERS =
      List.of(
          POD_V1, POD_TEMPLATE, DEPLOYMENT, REPLICA_SET, DAEMON_SET, STATEFUL_SET, JOB, CRON_JOB);

  /**
   * The workloads whose service account, claim and priority class references it follows (not
   * ReplicaSet).
   */
  private static final List<Workload> ACCOUNT_USERS =
      List.of(POD, STATEFUL_SET, DEPLOYMENT, REPLICATION_CONTROLLER, CRON_JOB, JOB, DAEMON_SET);

  /** Where commonLabels (and labels with includeSelectors) go. */
  static final List<FieldSpec> COMMON_LABELS = commonLabels();

  /** Where labels with includeTemplates (and without includeSelectors) go. */
  static final List<FieldSpec> TEMPLATE_LABELS = templateMetadata("labels", true, APPS);

  static final List<FieldSpec> METADATA_LABELS = List.of(FieldSpec.all("metadata/labels", true));

  /** (kustomize's annotation specs name no group for StatefulSet, its label specs do.) */
  static final List<FieldSpec> COMMON_ANNOTATIONS = templateMetadata("annotations", false, null);

  /** The prefix and suffix transformers' default: the name of every object. */
  static final List<FieldSpec> NAME = List.of(FieldSpec.all("metadata/name", false));

  /**
   * The namespace transformer's fields (metadata/namespace and binding subjects it handles on every
   * object whatever the specs say; they are listed for configurations to merge with, as in
   * kustomize).
   */
  static final List<FieldSpec> NAMESPACE_FIELDS =
      List.of(
          FieldSpec.all("metadata/namespace", true),
          FieldSpec.of("Namespace", "metadata/name", true),
          FieldSpec.of("RoleBinding", "subjects", false),
          FieldSpec.of("ClusterRoleBinding", "subjects", false),
          FieldSpec.of(
              "apiregistration.k8s.io", null, "APIService", "spec/service/namespace", true),
          FieldSpec.of(
              "apiextensions.k8s.io",
              null,
              "CustomResourceDefinition",
              "spec/conversion/webhook/clientConfig/service/namespace",
              false));

  /** Kinds namePrefix and nameSuffix leave alone. */
  static final List<FieldSpec> KEEP_NAME =
      List.of(
          FieldSpec.of("CustomResourceDefinition", "", false),
          FieldSpec.of("apiregistration.k8s.io", null, "APIService", "", false),
          FieldSpec.of("Namespace", "", false));

  static final List<FieldSpec> REPLICAS =
      List.of(
          FieldSpec.of("Deployment", "spec/replicas", true),
          FieldSpec.of("ReplicationController", "spec/replicas", true),
          FieldSpec.of("ReplicaSet", "spec/replicas", true),
          FieldSpec.of("StatefulSet", "spec/replicas", true));

  /**
   * A name reference: {@code field} of the referrers holds the name of an object of the target
   * group/version/kind (null for any).
   */
  record NameReference(String group, String version, String target, FieldSpec field) {
    boolean targets(ResId id) {
      return FieldSpec.of(group, version, target, "", false).selects(id);
    }
  }

  static final List<NameReference> NAME_REFERENCES = nameReferences();

  private FieldSpecs() {}

  private static List<FieldSpec> commonLabels() {
    List<FieldSpec> specs = new ArrayList<>();
    specs.add(FieldSpec.all("metadata/labels", true));
    specs.add(FieldSpec.of(null, "v1", "Service", "spec/selector", true));
    specs.add(FieldSpec.of(null, "v1", "ReplicationController", "spec/selector", true));
    specs.add(
        FieldSpec.of(null, "v1", "ReplicationController", TEMPLATE + "metadata/labels", true));
    specs.add(FieldSpec.of("Deployment", "spec/selector/matchLabels", true));
    specs.add(FieldSpec.of("Deployment", TEMPLATE + "metadata/labels", true));
    specs.addAll(affinity(APPS, "Deployment"));
    specs.add(
        FieldSpec.of("extensions", "v1beta1", "ReplicaSet", "spec/selector/matchLabels", false));
    specs.add(FieldSpec.of("ReplicaSet", "spec/selector/matchLabels", true));
    specs.add(FieldSpec.of("ReplicaSet", TEMPLATE + "metadata/labels", true));
    specs.add(
        FieldSpec.of("extensions", "v1beta1", "DaemonSet", "spec/selector/matchLabels", false));
    specs.add(FieldSpec.of("DaemonSet", "spec/selector/matchLabels", true));
    specs.add(FieldSpec.of("DaemonSet", TEMPLATE + "metadata/labels", true));
    specs.add(FieldSpec.of(APPS, "v1beta1", "StatefulSet", "spec/selector/matchLabels", false));
    specs.add(FieldSpec.of(APPS, null, "StatefulSet", "spec/selector/matchLabels", true));
    specs.add(FieldSpec.of(APPS, null, "StatefulSet", TEMPLATE + "metadata/labels", true));
    specs.addAll(affinity(APPS, "StatefulSet"));
    specs.add(
        FieldSpec.of(
            APPS, null, "StatefulSet", "spec/volumeClaimTemplates[]/metadata/labels", true));
    specs.add(FieldSpec.of(BATCH, null, "Job", "spec/selector/matchLabels", false));
    specs.add(FieldSpec.of(BATCH, null, "Job", TEMPLATE + "metadata/labels", true));
    specs.add(
        FieldSpec.of(BATCH, null, "CronJob", "spec/jobTemplate/spec/selector/matchLabels", false));
    specs.add(FieldSpec.of(BATCH, null, "CronJob", "spec/jobTemplate/metadata/labels", true));
    specs.add(FieldSpec.of(BATCH, null, "CronJob", JOB_TEMPLATE + "metadata/labels", true));
    specs.add(
        FieldSpec.of("policy", null, "PodDisruptionBudget", "spec/selector/matchLabels", false));
    for (String path :
        List.of(
            "spec/podSelector", "spec/ingress/from/podSelector", "spec/egress/to/podSelector")) {
      specs.add(
          FieldSpec.of("networking.k8s.io", null, "NetworkPolicy", path + "/matchLabels", false));
    }
    return List.copyOf(specs);
  }

  private static List<FieldSpec> affinity(String group, String kind) {
    List<FieldSpec> specs = new ArrayList<>();
    for (String affinity : List.of("podAffinity", "podAntiAffinity")) {
      String prefix = TEMPLATE + "spec/affinity/" + affinity + "/";
      specs.add(
          FieldSpec.of(
              group,
              null,
              kind,
              prefix
                  + "preferredDuringSchedulingIgnoredDuringExecution/podAffinityTerm/labelSelector/matchLabels",
              false));
      specs.add(
          FieldSpec.of(
              group,
              null,
              kind,
              prefix + "requiredDuringSchedulingIgnoredDuringExecution/labelSelector/matchLabels",
              false));
    }
    return specs;
  }

  /** metadata/{field} of every object and of the pod (and job) templates of the workloads. */
  private static List<FieldSpec> templateMetadata(
      String field, boolean claimTemplates, String statefulSetGroup) {
    String meta = "metadata/" + field;
    List<FieldSpec> specs = new ArrayList<>();
    specs.add(FieldSpec.all(meta, true));
    specs.add(FieldSpec.of(null, "v1", "ReplicationController", TEMPLATE + meta, true));
    specs.add(FieldSpec.of("Deployment", TEMPLATE + meta, true));
    specs.add(FieldSpec.of("ReplicaSet", TEMPLATE + meta, true));
    specs.add(FieldSpec.of("DaemonSet", TEMPLATE + meta, true));
    specs.add(FieldSpec.of(statefulSetGroup, null, "StatefulSet", TEMPLATE + meta, true));
    if (claimTemplates) {
      specs.add(
          FieldSpec.of(APPS, null, "StatefulSet", "spec/volumeClaimTemplates[]/" + meta, true));
    }
    specs.add(FieldSpec.of(BATCH, null, "Job", TEMPLATE + meta, true));
    specs.add(FieldSpec.of(BATCH, null, "CronJob", "spec/jobTemplate/" + meta, true));
    specs.add(FieldSpec.of(BATCH, null, "CronJob", JOB_TEMPLATE + meta, true));
    return List.copyOf(specs);
  }

  private static List<NameReference> nameReferences() {
    List<NameReference> refs = new ArrayList<>();
    for (String scaled :
        List.of("Deployment", "ReplicationController", "ReplicaSet", "StatefulSet")) {
      refs.add(
          new NameReference(
              null,
              null,
              scaled,
              FieldSpec.of("HorizontalPodAutoscaler", "spec/scaleTargetRef/name", false)));
    }
    for (Workload w : CONFIG_USERS) {
      for (String path :
          List.of(
              "volumes/configMap/name",
              "containers/env/valueFrom/configMapKeyRef/name",
              "initContainers/env/valueFrom/configMapKeyRef/name",
              "containers/envFrom/configMapRef/name",
              "initContainers/envFrom/configMapRef/name",
              "volumes/projected/sources/configMap/name")) {
        refs.add(new NameReference(null, "v1", "ConfigMap", w.at(path, false)));
      }
      for (String path :
          List.of(
              "volumes/secret/secretName",
              "containers/env/valueFrom/secretKeyRef/name",
              "initContainers/env/valueFrom/secretKeyRef/name",
              "containers/envFrom/secretRef/name",
              "initContainers/envFrom/secretRef/name",
              "imagePullSecrets/name",
              "volumes/projected/sources/secret/name")) {
        refs.add(new NameReference(null, "v1", "Secret", w.at(path, false)));
      }
    }
    String knative = "serving.knative.dev";
    List<FieldSpec> configMapUsers =
        List.of(
            FieldSpec.of("Node", "spec/configSource/configMap", false),
            FieldSpec.of("Role", "rules/resourceNames", false),
            FieldSpec.of("ClusterRole", "rules/resourceNames", false),
            FieldSpec.of(
                "Ingress",
                "metadata/annotations/nginx.ingress.kubernetes.io\\/fastcgi-params-configmap",
                false));
    // Newer kustomize also follows a Knative Service's ConfigMap references; kubectl's v5.5 does
    // not.
    configMapUsers.forEach(field -> refs.add(new NameReference(null, "v1", "ConfigMap", field)));
    List<FieldSpec> secretUsers =
        List.of(
            FieldSpec.of("Ingress", "spec/tls/secretName", false),
            FieldSpec.of(
                "Ingress", "metadata/annotations/ingress.kubernetes.io\\/auth-secret", false),
            FieldSpec.of(
                "Ingress", "metadata/annotations/nginx.ingress.kubernetes.io\\/auth-secret", false),
            FieldSpec.of(
                "Ingress",
                "metadata/annotations/nginx.ingress.kubernetes.io\\/auth-tls-secret",
                false),
            FieldSpec.of("ServiceAccount", "imagePullSecrets/name", false),
            FieldSpec.of("StorageClass", "parameters/secretName", false),
            FieldSpec.of("StorageClass", "parameters/adminSecretName", false),
            FieldSpec.of("StorageClass", "parameters/userSecretName", false),
            FieldSpec.of("StorageClass", "parameters/secretRef", false),
            FieldSpec.of("Role", "rules/resourceNames", false),
            FieldSpec.of("ClusterRole", "rules/resourceNames", false),
            FieldSpec.of(
                knative,
                "v1",
                "Service",
                TEMPLATE + "spec/containers/env/valueFrom/secretKeyRef/name",
                false),
            FieldSpec.of("PersistentVolume", "spec/azureFile/secretName", false));
    secretUsers.forEach(field -> refs.add(new NameReference(null, "v1", "Secret", field)));
    List<FieldSpec> serviceUsers =
        List.of(
            FieldSpec.of(APPS, null, "StatefulSet", "spec/serviceName", false),
            FieldSpec.of("Ingress", "spec/rules/http/paths/backend/serviceName", false),
            FieldSpec.of("Ingress", "spec/backend/serviceName", false),
            FieldSpec.of("Ingress", "spec/rules/http/paths/backend/service/name", false),
            FieldSpec.of("Ingress", "spec/defaultBackend/service/name", false),
            FieldSpec.of("apiregistration.k8s.io", null, "APIService", "spec/service/name", false),
            FieldSpec.of(
                "admissionregistration.k8s.io",
                null,
                "ValidatingWebhookConfiguration",
                "webhooks/clientConfig/service",
                false),
            FieldSpec.of(
                "admissionregistration.k8s.io",
                null,
                "MutatingWebhookConfiguration",
                "webhooks/clientConfig/service",
                false));
    serviceUsers.forEach(field -> refs.add(new NameReference(null, "v1", "Service", field)));
    refs.add(
        new NameReference(
            RBAC, null, "Role", FieldSpec.of(RBAC, null, "RoleBinding", "roleRef/name", false)));
    refs.add(
        new NameReference(
            RBAC,
            null,
            "ClusterRole",
            FieldSpec.of(RBAC, null, "RoleBinding", "roleRef/name", false)));
    refs.add(
        new NameReference(
            RBAC,
            null,
            "ClusterRole",
            FieldSpec.of(RBAC, null, "ClusterRoleBinding", "roleRef/name", false)));
    refs.add(
        new NameReference(
            null,
            "v1",
            "ServiceAccount",
            FieldSpec.of(RBAC, null, "RoleBinding", "subjects", false)));
    refs.add(
        new NameReference(
            null,
            "v1",
            "ServiceAccount",
            FieldSpec.of(RBAC, null, "ClusterRoleBinding", "subjects", false)));
    for (Workload w : ACCOUNT_USERS) {
      refs.add(new NameReference(null, "v1", "ServiceAccount", w.at("serviceAccountName", false)));
    }
    for (Workload w : ACCOUNT_USERS) {
      refs.add(
          new NameReference(
              null,
              "v1",
              "PersistentVolumeClaim",
              w.at("volumes/persistentVolumeClaim/claimName", false)));
    }
    refs.add(
        new NameReference(
            null,
            "v1",
            "PersistentVolume",
            FieldSpec.of("PersistentVolumeClaim", "spec/volumeName", false)));
    refs.add(
        new NameReference(
            null,
            "v1",
            "PersistentVolume",
            FieldSpec.of("ClusterRole", "rules/resourceNames", false)));
    for (FieldSpec field :
        List.of(
            FieldSpec.of("PersistentVolume", "spec/storageClassName", false),
            FieldSpec.of("PersistentVolumeClaim", "spec/storageClassName", false),
            FieldSpec.of(
                "StatefulSet", "spec/volumeClaimTemplates/spec/storageClassName", false))) {
      refs.add(new NameReference("storage.k8s.io", "v1", "StorageClass", field));
    }
    for (Workload w : ACCOUNT_USERS) {
      refs.add(
          new NameReference(
              "scheduling.k8s.io", "v1", "PriorityClass", w.at("priorityClassName", false)));
    }
    // kustomize also lists Ingress spec/ingressClassName for IngressClass, but with the group
    // "networking.k8s.io/v1", which no object has: kubectl never rewrites it, so neither do we.
    return List.copyOf(refs);
  }
}
