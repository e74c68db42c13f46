package dev.tfsdeploy.overlay;

import dev.tfsdeploy.UserError;
import dev.tfsdeploy.overlay.KustomizationFile.Reader;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * kustomize's builtin {@code IAMPolicyGenerator}: for {@code cloud: gke} (the only cloud kustomize
 * knows) a ServiceAccount {@code kubernetesService.name} (in {@code kubernetesService.namespace} if
 * set) annotated for GKE Workload Identity with the Google service account {@code
 * serviceAccount.name@serviceAccount.projectId.iam.gserviceaccount.com}.
 */
final class IamPolicyGenerator {
  static final String KIND = "IAMPolicyGenerator";
  static final String GKE_ANNOTATION = "iam.gke.io/gcp-service-account";

  private IamPolicyGenerator() {}

  static Resource generate(BuiltinPlugins.Config config) {
    Reader r = config.reader();
    Map<String, Object> fields = config.fields();
    String cloud = r.string(fields, "cloud", "cloud");
    if (!"gke".equals(cloud)) {
      // kubectl: "cloud provider X not supported yet"
      throw new UserError(
          config.what() + ": IAMPolicyGenerator cloud provider '" + cloud + "' is not supported",
          "set cloud: gke, the only cloud kustomize's IAMPolicyGenerator knows");
    }
    // kubectl would make a ServiceAccount without a name, or a Google account "name@.iam...", from
    // a config missing these; that is never meant.
    Map<String, Object> service = required(r, fields, "kubernetesService", config);
    Map<String, Object> account = required(r, fields, "serviceAccount", config);
    String name = r.required(service, "name", "kubernetesService");
    String namespace = r.string(service, "namespace", "kubernetesService.namespace");
    String email =
        r.required(account, "name", "serviceAccount")
            + "@"
            + r.required(account, "projectId", "serviceAccount")
            + ".iam.gserviceaccount.com";
    Map<String, Object> metadata = new LinkedHashMap<>();
    metadata.put("annotations", new LinkedHashMap<>(Map.of(GKE_ANNOTATION, email)));
    metadata.put("name", name);
    if (namespace != null && !namespace.isEmpty()) {
      metadata.put("namespace", namespace);
    }
    Map<String, Object> object = new LinkedHashMap<>();
    object.put("apiVersion", "v1");
    object.put("kind", "ServiceAccount");
    object.put("metadata", metadata);
    return new Resource(object, config.what());
  }

  private static Map<String, Object> required(
      Reader r, Map<String, Object> fields, String key, BuiltinPlugins.Config config) {
    Map<String, Object> map = r.map(fields, key, key);
    if (map == null) {
      throw new UserError(
          config.what() + ": IAMPolicyGenerator needs " + key,
          "add kubernetesService: {name: ...} and serviceAccount: {name: ..., projectId: ...}");
    }
    return map;
  }
}
