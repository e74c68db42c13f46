package dev.tfsdeploy.overlay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.tfsdeploy.UserError;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The namespace field may not give two objects one id; kustomize refuses that too. */
class NamespaceIdsTest {
  @TempDir Path dir;

  @Test
  void refusesMovingTwoObjectsOfOneNameIntoOneNamespace() throws IOException {
    Files.writeString(
        dir.resolve("objects.yaml"),
        """
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: settings, namespace: staging}
        ---
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: settings, namespace: prod}
        """);
    Files.writeString(
        dir.resolve("kustomization.yaml"), "resources:\n- objects.yaml\nnamespace: serving\n");

    assertThat(KubectlKustomize.run(dir).exitCode()).as("kubectl kustomize fails too").isNotZero();
    Throwable thrown = catchThrowable(() -> Kustomization.load(dir).render(RenderOptions.DEFAULT));
    assertThat(thrown)
        .isInstanceOf(UserError.class)
        .hasMessage(
            dir.resolve("kustomization.yaml")
                + ": namespace 'serving' gives several objects the id ConfigMap serving/settings:"
                + " [from "
                + dir.resolve("objects.yaml")
                + ", from "
                + dir.resolve("objects.yaml")
                + "]");
  }
}
