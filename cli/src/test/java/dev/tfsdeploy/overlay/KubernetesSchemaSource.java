package dev.tfsdeploy.overlay;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import io.fabric8.kubernetes.api.model.FieldsV1;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Writes {@code kubernetes-schema.txt}, the schema {@link ManifestSchema} checks against, from
 * Fabric8's model classes as Jackson binds them: every field of each built-in kind it knows, and of
 * every type those fields reach. The CLI reads the text, so that a render does not pay for
 * Jackson's introspection of ~200 model classes (most of a render's time, before).
 */
final class KubernetesSchemaSource {
  private static final String MODEL_PACKAGE = "io.fabric8.kubernetes.api.model.";

  /** "apiVersion kind" -> model class: the kinds the CLI checks; others pass unchecked. */
  static final Map<String, Class<?>> KINDS =
      Map.ofEntries(
          Map.entry("v1 ConfigMap", io.fabric8.kubernetes.api.model.ConfigMap.class),
          Map.entry("v1 Secret", io.fabric8.kubernetes.api.model.Secret.class),
          Map.entry("v1 Service", io.fabric8.kubernetes.api.model.Service.class),
          Map.entry("v1 ServiceAccount", io.fabric8.kubernetes.api.model.ServiceAccount.class),
          Map.entry("v1 Namespace", io.fabric8.kubernetes.api.model.Namespace.class),
          Map.entry("v1 Pod", io.fabric8.kubernetes.api.model.Pod.class),
          Map.entry(
              "v1 PersistentVolumeClaim",
              io.fabric8.kubernetes.api.model.PersistentVolumeClaim.class),
          Map.entry("v1 PersistentVolume", io.fabric8.kubernetes.api.model.PersistentVolume.class),
          Map.entry("apps/v1 Deployment", io.fabric8.kubernetes.api.model.apps.Deployment.class),
          Map.entry("apps/v1 StatefulSet", io.fabric8.kubernetes.api.model.apps.StatefulSet.class),
          Map.entry("apps/v1 DaemonSet", io.fabric8.kubernetes.api.model.apps.DaemonSet.class),
          Map.entry("apps/v1 ReplicaSet", io.fabric8.kubernetes.api.model.apps.ReplicaSet.class),
          Map.entry("batch/v1 Job", io.fabric8.kubernetes.api.model.batch.v1.Job.class),
          Map.entry("batch/v1 CronJob", io.fabric8.kubernetes.api.model.batch.v1.CronJob.class),
          Map.entry(
              "policy/v1 PodDisruptionBudget",
              io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget.class),
          Map.entry(
              "autoscaling/v2 HorizontalPodAutoscaler",
              io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler.class),
          Map.entry(
              "networking.k8s.io/v1 Ingress",
              io.fabric8.kubernetes.api.model.networking.v1.Ingress.class),
          Map.entry(
              "networking.k8s.io/v1 NetworkPolicy",
              io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy.class),
          Map.entry(
              "rbac.authorization.k8s.io/v1 Role", io.fabric8.kubernetes.api.model.rbac.Role.class),
          Map.entry(
              "rbac.authorization.k8s.io/v1 RoleBinding",
              io.fabric8.kubernetes.api.model.rbac.RoleBinding.class),
          Map.entry(
              "rbac.authorization.k8s.io/v1 ClusterRole",
              io.fabric8.kubernetes.api.model.rbac.ClusterRole.class),
          Map.entry(
              "rbac.authorization.k8s.io/v1 ClusterRoleBinding",
              io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding.class));

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private KubernetesSchemaSource() {}

  /** The schema's text, in the format {@link KubernetesSchema#parse} reads. */
  static String text() {
    StringBuilder text =
        new StringBuilder(
            """
            # The Kubernetes API schema `render` checks built-in kinds against (ManifestSchema):
            # every field of each kind, and of every type its fields reach, as Fabric8's model
            # classes (kubernetes-model, see the pom) encode it. Generated: do not edit. When
            # KubernetesSchemaTest says it is stale (a Fabric8 upgrade), regenerate it with
            #   %s
            # Lines: "kind APIVERSION KIND TYPE", then "type NAME" and its fields as "  FIELD TYPE",
            # where TYPE is a NAME, string, integer, number, boolean, int-or-string, quantity,
            # any, [TYPE] (a list) or {TYPE} (a map from strings).
            """
                .formatted(KubernetesSchemaTest.REGENERATE));
    Map<String, Map<String, String>> types = new TreeMap<>();
    Deque<Class<?>> pending = new ArrayDeque<>();
    new TreeMap<>(KINDS)
        .forEach(
            (kind, type) -> {
              text.append("kind ").append(kind).append(' ').append(name(type)).append('\n');
              pending.add(type);
            });
    while (!pending.isEmpty()) {
      Class<?> type = pending.poll();
      if (!types.containsKey(name(type))) {
        types.put(name(type), fields(type, pending));
      }
    }
    types.forEach(
        (name, fields) -> {
          text.append("type ").append(name).append('\n');
          fields.forEach(
              (field, type) ->
                  text.append("  ").append(field).append(' ').append(type).append('\n'));
        });
    return text.toString();
  }

  private static Map<String, String> fields(Class<?> type, Deque<Class<?>> pending) {
    Map<String, String> fields = new TreeMap<>();
    for (BeanPropertyDefinition property :
        MAPPER.getDeserializationConfig().introspect(MAPPER.constructType(type)).findProperties()) {
      // Unknown fields land in additionalProperties; the schema's point is to refuse them.
      if (property.couldDeserialize() && !property.getName().equals("additionalProperties")) {
        fields.put(property.getName(), typeOf(property.getPrimaryType(), pending));
      }
    }
    return fields;
  }

  private static final Set<Class<?>> INTEGERS =
      Set.of(Integer.class, int.class, Long.class, long.class, Short.class, short.class);
  private static final Set<Class<?>> NUMBERS =
      Set.of(Double.class, double.class, Float.class, float.class);

  private static String typeOf(JavaType type, Deque<Class<?>> pending) {
    if (type.isCollectionLikeType() || type.isArrayType()) {
      return "[" + typeOf(type.getContentType(), pending) + "]";
    }
    if (type.isMapLikeType()) {
      return "{" + typeOf(type.getContentType(), pending) + "}";
    }
    Class<?> raw = type.getRawClass();
    if (raw == String.class) {
      return "string";
    } else if (INTEGERS.contains(raw)) {
      return "integer";
    } else if (NUMBERS.contains(raw)) {
      return "number";
    } else if (raw == Boolean.class || raw == boolean.class) {
      return "boolean";
    } else if (raw == IntOrString.class) {
      return "int-or-string";
    } else if (raw == Quantity.class) {
      return "quantity";
    } else if (raw == Object.class || raw.isInterface() || raw == FieldsV1.class) {
      // FieldsV1 (managedFields' field sets) is raw JSON to the API, not a struct.
      return "any";
    } else if (raw.getName().startsWith(MODEL_PACKAGE)) {
      pending.add(raw);
      return name(raw);
    }
    throw new IllegalStateException(
        "no schema type for " + type + ": teach KubernetesSchemaSource");
  }

  /** A model class's name in the schema: its name below Fabric8's model package. */
  private static String name(Class<?> type) {
    return type.getName().substring(MODEL_PACKAGE.length()).replace('$', '.');
  }
}
