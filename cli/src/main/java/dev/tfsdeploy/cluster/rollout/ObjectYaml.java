package dev.tfsdeploy.cluster.rollout;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * Objects as the YAML kubectl prints (block style, lists at their key's indentation, quotes only
 * where needed), without the fields only the server writes.
 */
public final class ObjectYaml {
  private ObjectYaml() {}

  /**
   * The object's YAML without managedFields, resourceVersion, uid, creationTimestamp, generation
   * and status.
   */
  public static String withoutServerFields(HasMetadata object) {
    Map<String, Object> map = asMap(object);
    map.remove("status");
    if (map.get("metadata") instanceof Map<?, ?> metadata) {
      for (String key :
          List.of(
              "managedFields",
              "resourceVersion",
              "uid",
              "creationTimestamp",
              "generation",
              "selfLink")) {
        metadata.remove(key);
      }
    }
    return of(map);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> asMap(HasMetadata object) {
    return Manifests.SERIALIZATION.convertValue(object, Map.class);
  }

  private static String of(Map<String, Object> map) {
    DumperOptions options = new DumperOptions();
    options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
    options.setIndent(2);
    options.setSplitLines(false);
    return new Yaml(options).dump(map);
  }
}
