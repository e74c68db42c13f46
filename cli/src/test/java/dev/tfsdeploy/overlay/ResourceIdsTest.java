package dev.tfsdeploy.overlay;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The ids kustomize matches an object by: its current one, then the ones before each rename. */
class ResourceIdsTest {
  private static Resource deployment(String name) {
    Map<String, Object> metadata = new LinkedHashMap<>(Map.of("name", name));
    Map<String, Object> object = new LinkedHashMap<>();
    object.put("apiVersion", "apps/v1");
    object.put("kind", "Deployment");
    object.put("metadata", metadata);
    return new Resource(object, "test");
  }

  @Test
  void listsTheCurrentIdThenTheEarlierOnesOldestFirst() {
    Resource resource = deployment("a");
    resource.storePreviousId();
    resource.setName("b");
    resource.storePreviousId();
    resource.setName("c");

    assertThat(resource.ids()).extracting(ResId::name).containsExactly("c", "a", "b");
    assertThat(resource.originalId().name()).isEqualTo("a");
  }

  @Test
  void givesEarlierIdsTheCurrentApiVersionAsKustomizeDoes() {
    Resource resource = deployment("a");
    resource.storePreviousId();
    resource.object().put("apiVersion", "apps/v2");

    assertThat(resource.previousIds()).extracting(ResId::version).containsExactly("v2");
  }

  @Test
  void matchesAnIdOnlyWithTheSameApiVersion() {
    ResId id = ResId.of("apps/v1", "Deployment", "a", "");

    assertThat(id.sameAs(ResId.of("apps/v1", "Deployment", "a", "default"))).isTrue();
    assertThat(id.sameAs(ResId.of(null, "Deployment", "a", ""))).isFalse();
  }
}
