package dev.tfsdeploy.overlay;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class MergeKeysTest {
  private static final List<String> POD_SPEC = List.of("spec", "template", "spec");

  @Test
  void aWorkloadsContainersMergeByName() {
    assertThat(MergeKeys.of("Deployment", path(POD_SPEC, "containers"))).containsExactly("name");
  }

  @Test
  void aContainersPortsMergeByContainerPortThenProtocol() {
    assertThat(MergeKeys.of("StatefulSet", path(POD_SPEC, "containers", "ports")))
        .containsExactly("containerPort", "protocol");
  }

  @Test
  void aContainersEnvironmentMergesByName() {
    assertThat(MergeKeys.of("Deployment", path(POD_SPEC, "initContainers", "env")))
        .containsExactly("name");
  }

  @Test
  void aServicesPortsMergeByPortThenProtocol() {
    assertThat(MergeKeys.of("Service", List.of("spec", "ports")))
        .containsExactly("port", "protocol");
  }

  @Test
  void aCronJobsPodSpecIsFoundUnderItsJobTemplate() {
    List<String> cronJobPodSpec = List.of("spec", "jobTemplate", "spec", "template", "spec");

    assertThat(MergeKeys.of("CronJob", path(cronJobPodSpec, "volumes"))).containsExactly("name");
  }

  @Test
  void finalizersAreAScalarSet() {
    assertThat(MergeKeys.of("Deployment", List.of("metadata", "finalizers")))
        .isSameAs(MergeKeys.SCALAR_SET);
  }

  @Test
  void aListTheSchemaDoesNotKeyIsReplacedWhole() {
    assertThat(MergeKeys.of("Deployment", path(POD_SPEC, "containers", "args"))).isNull();
  }

  @Test
  void aKindWithoutAPodSpecMergesNoPodSpecLists() {
    assertThat(MergeKeys.of("ConfigMap", path(POD_SPEC, "containers"))).isNull();
  }

  private static List<String> path(List<String> base, String... fields) {
    return java.util.stream.Stream.concat(base.stream(), java.util.Arrays.stream(fields)).toList();
  }
}
