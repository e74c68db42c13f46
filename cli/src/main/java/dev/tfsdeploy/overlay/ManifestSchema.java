package dev.tfsdeploy.overlay;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import dev.tfsdeploy.UserError;
import java.util.List;
import java.util.Map;

/**
 * Checks rendered objects of the built-in kinds it knows against the Kubernetes API schema, as the
 * Fabric8 model classes encode it (objects of other kinds, such as custom resources, pass): a value
 * of the wrong type or a field the API does not have fails, naming the object and the field's path.
 * (Fabric8 keeps unknown fields in {@code additionalProperties} rather than failing, so those maps
 * are inspected after reading.)
 */
public final class ManifestSchema {
  /**
   * "apiVersion kind" -> model class; objects of other kinds (custom resources) are not checked.
   */
  private static final Map<String, Class<?>> TYPES =
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

  private static final ObjectMapper MAPPER =
      new ObjectMapper()
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

  private static final Map<Class<?>, List<BeanPropertyDefinition>> PROPERTIES =
      new java.util.concurrent.ConcurrentHashMap<>();

  private ManifestSchema() {}

  private static List<BeanPropertyDefinition> properties(Class<?> type) {
    JavaType javaType = MAPPER.constructType(type);
    return MAPPER.getSerializationConfig().introspect(javaType).findProperties();
  }

  /** Fails with a {@link UserError} on the first object that does not fit its kind's schema. */
  public static void check(Rendering rendering, String source) {
    for (RenderedObject object : rendering.objects()) {
      check(object, source);
    }
  }

  static void check(RenderedObject object, String source) {
    Class<?> type = TYPES.get(object.apiVersion() + " " + object.kind());
    String what = source + ": " + object.kind() + " " + object.name();
    if (type == null) {
      return;
    }
    Object model;
    try {
      // Through JSON text, as the API server reads it (small integers stay ints for IntOrString).
      model = MAPPER.readValue(MAPPER.writeValueAsString(object.content()), type);
    } catch (JsonProcessingException e) {
      if (e instanceof JsonMappingException mapping) {
        throw new UserError(
            what
                + ": "
                + path(mapping.getPath())
                + " has the wrong type ("
                + mapping.getOriginalMessage().split("\n")[0]
                + ")",
            "fix the value's type in the manifest");
      }
      throw new UserError(
          what + " does not fit the Kubernetes schema: " + e.getMessage(), "fix the manifest");
    }
    unknownFields(model, "", what);
  }

  private static String path(List<JsonMappingException.Reference> references) {
    StringBuilder path = new StringBuilder();
    for (JsonMappingException.Reference reference : references) {
      if (reference.getFieldName() != null) {
        path.append(path.length() == 0 ? "" : ".").append(reference.getFieldName());
      } else if (reference.getIndex() >= 0) {
        path.append('[').append(reference.getIndex()).append(']');
      }
    }
    return path.length() == 0 ? "the object" : path.toString();
  }

  private static void unknownFields(Object model, String path, String what) {
    if (model == null) {
      return;
    }
    if (model instanceof List<?> list) {
      for (int i = 0; i < list.size(); i++) {
        unknownFields(list.get(i), path + "[" + i + "]", what);
      }
      return;
    }
    if (model instanceof Map<?, ?> map) {
      map.forEach((k, v) -> unknownFields(v, path + "." + k, what));
      return;
    }
    if (!model.getClass().getName().startsWith("io.fabric8.kubernetes.api.model")) {
      return;
    }
    try {
      Object extra = model.getClass().getMethod("getAdditionalProperties").invoke(model);
      if (extra instanceof Map<?, ?> map && !map.isEmpty()) {
        String field = (path.isEmpty() ? "" : path + ".") + map.keySet().iterator().next();
        throw new UserError(what + ": unknown field " + field, "remove it or fix its spelling");
      }
    } catch (ReflectiveOperationException e) {
      // A model class without additionalProperties cannot hold unknown fields.
    }
    for (BeanPropertyDefinition property :
        PROPERTIES.computeIfAbsent(model.getClass(), ManifestSchema::properties)) {
      if (property.getAccessor() == null) {
        continue;
      }
      Object value = property.getAccessor().getValue(model);
      String childPath = path.isEmpty() ? property.getName() : path + "." + property.getName();
      if (property.getName().equals("additionalProperties")) {
        if (value instanceof Map<?, ?> extra && !extra.isEmpty()) {
          String field = (path.isEmpty() ? "" : path + ".") + extra.keySet().iterator().next();
          throw new UserError(what + ": unknown field " + field, "remove it or fix its spelling");
        }
        continue;
      }
      unknownFields(value, childPath, what);
    }
  }
}
