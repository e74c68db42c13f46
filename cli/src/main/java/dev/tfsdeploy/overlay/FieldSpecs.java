package dev.tfsdeploy.overlay;

import java.util.List;

/** kustomize's default field specs, restricted to the supported kinds. */
final class FieldSpecs {
  private static final String POD = "spec/template/spec/";
  private static final String AFFINITY = POD + "affinity/";

  /** Where commonLabels (and labels with includeSelectors) go. */
  static final List<FieldSpec> COMMON_LABELS =
      List.of(
          FieldSpec.all("metadata/labels", true),
          FieldSpec.of("Service", "spec/selector", true),
          FieldSpec.of("Deployment", "spec/selector/matchLabels", true),
          FieldSpec.of("Deployment", "spec/template/metadata/labels", true),
          FieldSpec.of("Deployment", AFFINITY
              + "podAffinity/preferredDuringSchedulingIgnoredDuringExecution/podAffinityTerm/labelSelector/matchLabels",
              false),
          FieldSpec.of("Deployment", AFFINITY
              + "podAffinity/requiredDuringSchedulingIgnoredDuringExecution/labelSelector/matchLabels", false),
          FieldSpec.of("Deployment", AFFINITY
              + "podAntiAffinity/preferredDuringSchedulingIgnoredDuringExecution/podAffinityTerm/labelSelector/matchLabels",
              false),
          FieldSpec.of("Deployment", AFFINITY
              + "podAntiAffinity/requiredDuringSchedulingIgnoredDuringExecution/labelSelector/matchLabels", false),
          FieldSpec.of("PodDisruptionBudget", "spec/selector/matchLabels", false));

  /** Where labels with includeTemplates (and without includeSelectors) go. */
  static final List<FieldSpec> TEMPLATE_LABELS =
      List.of(
          FieldSpec.all("metadata/labels", true),
          FieldSpec.of("Deployment", "spec/template/metadata/labels", true));

  static final List<FieldSpec> METADATA_LABELS = List.of(FieldSpec.all("metadata/labels", true));

  static final List<FieldSpec> COMMON_ANNOTATIONS =
      List.of(
          FieldSpec.all("metadata/annotations", true),
          FieldSpec.of("Deployment", "spec/template/metadata/annotations", true));

  static final List<FieldSpec> IMAGES =
      List.of(FieldSpec.of("Deployment", POD + "containers/image", false),
          FieldSpec.of("Deployment", POD + "initContainers/image", false));

  static final List<FieldSpec> REPLICAS = List.of(FieldSpec.of("Deployment", "spec/replicas", true));

  /** A name reference: fields of {@code referrer} that hold the name of a {@code target}. */
  record NameReference(String target, FieldSpec field) {}

  static final List<NameReference> NAME_REFERENCES =
      List.of(
          new NameReference("Deployment", FieldSpec.of("HorizontalPodAutoscaler", "spec/scaleTargetRef/name", false)),
          new NameReference("ConfigMap", FieldSpec.of("Deployment", POD + "volumes/configMap/name", false)),
          new NameReference("ConfigMap", FieldSpec.of("Deployment", POD + "containers/env/valueFrom/configMapKeyRef/name", false)),
          new NameReference("ConfigMap", FieldSpec.of("Deployment", POD + "initContainers/env/valueFrom/configMapKeyRef/name", false)),
          new NameReference("ConfigMap", FieldSpec.of("Deployment", POD + "containers/envFrom/configMapRef/name", false)),
          new NameReference("ConfigMap", FieldSpec.of("Deployment", POD + "initContainers/envFrom/configMapRef/name", false)),
          new NameReference("ConfigMap", FieldSpec.of("Deployment", POD + "volumes/projected/sources/configMap/name", false)),
          new NameReference("Secret", FieldSpec.of("Deployment", POD + "volumes/secret/secretName", false)),
          new NameReference("Secret", FieldSpec.of("Deployment", POD + "containers/env/valueFrom/secretKeyRef/name", false)),
          new NameReference("Secret", FieldSpec.of("Deployment", POD + "initContainers/env/valueFrom/secretKeyRef/name", false)),
          new NameReference("Secret", FieldSpec.of("Deployment", POD + "containers/envFrom/secretRef/name", false)),
          new NameReference("Secret", FieldSpec.of("Deployment", POD + "initContainers/envFrom/secretRef/name", false)),
          new NameReference("Secret", FieldSpec.of("Deployment", POD + "imagePullSecrets/name", false)),
          new NameReference("Secret", FieldSpec.of("Deployment", POD + "volumes/projected/sources/secret/name", false)),
          new NameReference("Secret", FieldSpec.of("ServiceAccount", "imagePullSecrets/name", false)),
          new NameReference("ServiceAccount", FieldSpec.of("Deployment", POD + "serviceAccountName", false)));

  private FieldSpecs() {}
}
