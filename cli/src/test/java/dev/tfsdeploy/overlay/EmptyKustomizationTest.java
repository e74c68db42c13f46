package dev.tfsdeploy.overlay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tfsdeploy.UserError;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A kustomization that sets nothing is refused, as kustomize compares it with an empty one. */
class EmptyKustomizationTest {
  @TempDir Path root;

  @ParameterizedTest
  @ValueSource(
      strings = {
        "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\n",
        "kind: Kustomization\n",
        "resources:\n",
        "# only a comment\n"
      })
  void aKustomizationThatSetsNothingIsEmptyForBoth(String text) throws IOException {
    Files.writeString(root.resolve("kustomization.yaml"), text);

    assertThat(KubectlKustomize.run(root).stderr()).contains("kustomization.yaml is empty");
    assertThatThrownBy(() -> Kustomization.load(root).render(RenderOptions.DEFAULT))
        .isInstanceOf(UserError.class)
        .hasMessage(root.toRealPath().resolve("kustomization.yaml") + " is empty");
  }

  @Test
  void anExplicitlyEmptyResourceListRendersNothingLikeKubectl() throws IOException {
    Files.writeString(root.resolve("kustomization.yaml"), "resources: []\n");

    assertThat(Kustomization.load(root).render(RenderOptions.DEFAULT).yaml())
        .isEqualTo(KubectlKustomize.render(root));
  }
}
