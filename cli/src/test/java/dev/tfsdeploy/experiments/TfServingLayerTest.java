package dev.tfsdeploy.experiments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tfsdeploy.UserError;
import org.junit.jupiter.api.Test;

class TfServingLayerTest {
  @Test
  void blankImageAndModelNameAddNothingSoTheExperimentRendersAsItIs() {
    assertThat(new TfServingLayer(null, " ").fields()).isEmpty();
  }

  @Test
  void anImageReplacesTheBasesPlaceholderByName() {
    assertThat(new TfServingLayer("example.com/m:1", null).fields())
        .isEqualTo(
            "images:\n- name: tfs-serving-model\n  newName: \"example.com/m\"\n  newTag: \"1\"\n");
  }

  @Test
  void aBadDigestIsRefusedWhenTheLayerIsMadeBeforeAnythingRenders() {
    assertThatThrownBy(() -> new TfServingLayer("example.com/m@sha256:abc", null))
        .isInstanceOf(UserError.class)
        .hasMessageContaining("invalid image digest 'sha256:abc'");
  }
}
