package dev.tfsdeploy.overlay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tfsdeploy.UserError;
import dev.tfsdeploy.experiments.ExperimentOverlaysTest;
import dev.tfsdeploy.experiments.Experiments;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManifestSchemaTest {
  @TempDir Path dir;

  private Rendering render(String deploymentYaml) throws IOException {
    Files.writeString(dir.resolve("kustomization.yaml"), "resources:\n- deployment.yaml\n");
    Files.writeString(dir.resolve("deployment.yaml"), deploymentYaml);
    return Kustomization.load(dir).render(RenderOptions.DEFAULT);
  }

  @Test
  void acceptsEveryExperimentOfTheProject() {
    Experiments experiments = new Experiments(ExperimentOverlaysTest.kubeDir());
    for (String name : experiments.names()) {
      Rendering rendering =
          Kustomization.load(experiments.directory(name)).render(RenderOptions.DEFAULT);
      assertThatCode(() -> ManifestSchema.check(rendering, name)).doesNotThrowAnyException();
    }
  }

  @Test
  void refusesAnUnknownFieldNamingItsPath() throws IOException {
    Rendering rendering =
        render(
            """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: web}
            spec:
              selector: {matchLabels: {a: b}}
              template:
                metadata: {labels: {a: b}}
                spec:
                  containers:
                  - name: web
                    image: nginx
                    imagePullPolicyy: Always
            """);
    assertThatThrownBy(() -> ManifestSchema.check(rendering, "overlay"))
        .isInstanceOf(UserError.class)
        .hasMessageContaining(
            "overlay: Deployment web: unknown field"
                + " spec.template.spec.containers[0].imagePullPolicyy");
  }

  @Test
  void refusesAValueOfTheWrongTypeNamingItsPath() throws IOException {
    Rendering rendering =
        render(
            """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: web}
            spec:
              replicas: two
              selector: {matchLabels: {a: b}}
              template:
                metadata: {labels: {a: b}}
                spec:
                  containers: [{name: web, image: nginx}]
            """);
    assertThatThrownBy(() -> ManifestSchema.check(rendering, "overlay"))
        .isInstanceOf(UserError.class)
        .hasMessageContaining("Deployment web: spec.replicas has the wrong type");
  }

  @Test
  void refusesAMapWhereTheApiHasAList() throws IOException {
    Rendering rendering =
        render(
            """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: web}
            spec:
              selector: {matchLabels: {a: b}}
              template:
                metadata: {labels: {a: b}}
                spec:
                  containers: {name: web, image: nginx}
            """);
    assertThatThrownBy(() -> ManifestSchema.check(rendering, "overlay"))
        .isInstanceOf(UserError.class)
        .hasMessageContaining("spec.template.spec.containers has the wrong type");
  }

  @Test
  void checksTheBuiltInKindsItKnowsBeyondDeployments() throws IOException {
    Rendering rendering =
        render(
            """
            apiVersion: batch/v1
            kind: CronJob
            metadata: {name: refresh}
            spec:
              schedule: "* * * * *"
              jobTemplate:
                spec:
                  template:
                    spec:
                      containers:
                      - {name: c, image: busybox, imagePullPolicyy: Always}
            """);
    assertThatThrownBy(() -> ManifestSchema.check(rendering, "overlay"))
        .isInstanceOf(UserError.class)
        .hasMessageContaining(
            "overlay: CronJob refresh: unknown field "
                + "spec.jobTemplate.spec.template.spec.containers[0].imagePullPolicyy");
  }

  @Test
  void passesCustomResourcesItHasNoSchemaFor() throws IOException {
    Rendering rendering =
        render(
            """
            apiVersion: monitoring.coreos.com/v1
            kind: ServiceMonitor
            metadata: {name: model}
            spec:
              anything: [goes]
            """);
    assertThatCode(() -> ManifestSchema.check(rendering, "overlay")).doesNotThrowAnyException();
  }

  @Test
  void refusesAnUnquotedNumberWhereTheApiTakesAStringAndSaysToQuoteIt() throws IOException {
    Rendering rendering =
        render(
            """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: web}
            spec:
              selector: {matchLabels: {a: b}}
              template:
                metadata: {labels: {a: b}}
                spec:
                  containers:
                  - name: web
                    image: nginx
                    env: [{name: PORT, value: 8500}]
            """);
    assertThatThrownBy(() -> ManifestSchema.check(rendering, "overlay"))
        .isInstanceOf(UserError.class)
        .hasMessageContaining(
            "Deployment web: spec.template.spec.containers[0].env[0].value has the wrong type:"
                + " the API takes a string, the manifest has a number")
        .satisfies(
            e ->
                assertThat(((UserError) e).fix()).isEqualTo("quote the value to make it a string"));
  }

  @Test
  void acceptsIntegersOrStringsForIntOrStringAndNumbersForQuantities() throws IOException {
    Rendering rendering =
        render(
            """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: web}
            spec:
              replicas: 2
              strategy: {rollingUpdate: {maxSurge: 25%, maxUnavailable: 1}}
              selector: {matchLabels: {a: b}}
              template:
                metadata: {labels: {a: b}}
                spec:
                  containers:
                  - name: web
                    image: nginx
                    resources: {limits: {cpu: 2, memory: 4Gi}, requests: {cpu: 0.5}}
                    readinessProbe: {httpGet: {port: rest, path: null}}
            """);
    assertThatCode(() -> ManifestSchema.check(rendering, "overlay")).doesNotThrowAnyException();
  }

  @Test
  void neverPrintsTheValueItRefuses() throws IOException {
    Rendering rendering =
        render(
            """
            apiVersion: v1
            kind: Secret
            metadata: {name: creds}
            stringData: {password: 80211043}
            """);
    assertThatThrownBy(() -> ManifestSchema.check(rendering, "overlay"))
        .isInstanceOf(UserError.class)
        .hasMessageContaining("Secret creds: stringData.password has the wrong type")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("80211043"));
  }
}
