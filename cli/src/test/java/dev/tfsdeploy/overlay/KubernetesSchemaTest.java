package dev.tfsdeploy.overlay;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * kubernetes-schema.txt is generated from Fabric8's model classes: this test fails when it is stale
 * (a Fabric8 upgrade), and rewrites it when run with -Dtfsdeploy.regenerateSchema=true.
 */
class KubernetesSchemaTest {
  static final Path SCHEMA =
      Path.of(System.getProperty("tfsdeploy.projectRoot", ".."))
          .resolve("cli/src/main/resources/dev/tfsdeploy/overlay/kubernetes-schema.txt");
  static final String REGENERATE =
      "./mvnw -B -ntp -q -o test -pl cli -Dtest=KubernetesSchemaTest"
          + " -Dtfsdeploy.regenerateSchema=true";

  @Test
  void theShippedSchemaIsWhatFabric8sModelClassesEncode() throws IOException {
    String generated = KubernetesSchemaSource.text();
    if (Boolean.getBoolean("tfsdeploy.regenerateSchema")) {
      Files.createDirectories(SCHEMA.getParent());
      Files.writeString(SCHEMA, generated);
    }

    assertThat(Files.exists(SCHEMA) ? Files.readString(SCHEMA) : "")
        .as("%s is stale: regenerate it with %s", SCHEMA.normalize(), REGENERATE)
        .isEqualTo(generated);
  }

  @Test
  void everyTypeAFieldNamesIsDefined() {
    KubernetesSchema schema = KubernetesSchema.parse(KubernetesSchemaSource.text());
    KubernetesSchemaSource.KINDS
        .keySet()
        .forEach(
            kind -> {
              String[] words = kind.split(" ");
              assertThat(schema.fields(schema.kind(words[0], words[1]))).containsKey("metadata");
            });
  }
}
