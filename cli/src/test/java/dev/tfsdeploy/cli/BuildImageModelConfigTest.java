package dev.tfsdeploy.cli;

import static dev.tfsdeploy.image.DockerCli.docker;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tfsdeploy.actions.ActionsEnvironment;
import dev.tfsdeploy.actions.Console;
import dev.tfsdeploy.image.DockerCli;
import dev.tfsdeploy.image.LayerTar;
import dev.tfsdeploy.image.ModelFixtures;
import dev.tfsdeploy.image.ServingBaseImage;
import dev.tfsdeploy.image.TestRegistry;
import dev.tfsdeploy.serving.ModelConfig;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;

/**
 * {@code build-image --version-policy/--version-label/--model-config} end to end: the image pushed
 * to a real registry holds the model config protobuf's TextFormat reads back, its entrypoint passes
 * the file to the server, and Docker runs it with that flag even when a container's args replace
 * the command (as a Kubernetes Deployment's args do).
 */
@Testcontainers
class BuildImageModelConfigTest {
  private static final String MODEL = "half_plus_two";
  private static final String CONFIG_ENTRY = "etc/tfs-deploy/model_config.txt";
  private static final String FLAG = "--model_config_file=/" + CONFIG_ENTRY;

  @Container static final TestRegistry registry = new TestRegistry().withServingBase();

  @TempDir Path temp;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private final Map<String, String> env = new HashMap<>();
  private final List<String> dockerImages = new ArrayList<>();
  private Path model;

  @BeforeEach
  void modelWithThreeVersions() throws IOException {
    model = temp.resolve("model");
    for (String version : List.of("1", "2", "3")) {
      ModelFixtures.servableVersion(model, version, Long.parseLong(version), 4_000);
    }
    env.put("DOCKER_CONFIG", temp.resolve("docker").toString());
  }

  @AfterEach
  void removeDockerImages() {
    dockerImages.forEach(DockerCli::removeImage);
  }

  @Test
  void theImageHoldsTheConfigTextFormatReadsBack() throws IOException {
    int exit =
        buildImage(
            "config/policy",
            "--version-policy",
            "specific:1,3",
            "--version-label",
            "stable=1,canary=3");

    assertThat(exit).as(stderr()).isZero();
    assertThat(configInImage("config/policy"))
        .isEqualTo(ModelConfig.fromOptions(MODEL, "specific:1,3", List.of("stable=1", "canary=3")));
  }

  @Test
  void theEntrypointPassesTheConfigToTheServer() {
    assertThat(buildImage("config/entrypoint", "--version-policy", "all")).as(stderr()).isZero();

    JsonNode config =
        registry.config("config/entrypoint", registry.tags("config/entrypoint").get(0));
    assertThat(config.path("config").path("Entrypoint"))
        .extracting(JsonNode::asText)
        .containsExactly(ServingBaseImage.ENTRYPOINT, FLAG);
  }

  @Test
  void dockerStartsTheServerWithTheConfigAlsoWhenArgsReplaceTheCommand() {
    assertThat(buildImage("config/run", "--image-tag", "v1", "--version-policy", "latest:2"))
        .as(stderr())
        .isZero();
    String image = registry.address() + "/config/run:v1";
    dockerImages.add(image);
    docker("pull", "-q", image);

    String plain = docker("run", "--rm", "--network", "none", image);
    String withArgs =
        docker("run", "--rm", "--network", "none", image, "--monitoring_config_file=/etc/m.txt");

    assertThat(plain).contains("args:" + FLAG + "\n");
    assertThat(withArgs).contains("args:" + FLAG + " --monitoring_config_file=/etc/m.txt\n");
  }

  @Test
  void aReadyConfigFileIsShippedAsTheToolWritesIt() throws IOException {
    Path file =
        Files.writeString(
            temp.resolve("models.config"),
            """
            model_config_list {
              config {
                name: "half_plus_two"
                base_path: "/models/half_plus_two"
                model_version_policy { latest { num_versions: 2 } }
                version_labels { key: "stable" value: 2 }
              }
            }
            """);

    assertThat(buildImage("config/file", "--model-config", file.toString())).as(stderr()).isZero();

    assertThat(configInImage("config/file"))
        .isEqualTo(ModelConfig.fromOptions(MODEL, "latest:2", List.of("stable=2")));
  }

  @Test
  void theConfigChangesTheModelTag() {
    assertThat(buildImage("config/tags")).as(stderr()).isZero();
    assertThat(buildImage("config/tags", "--version-policy", "all")).as(stderr()).isZero();
    assertThat(buildImage("config/tags", "--version-policy", "latest:2")).as(stderr()).isZero();

    assertThat(registry.tags("config/tags")).filteredOn(tag -> tag.startsWith("model-")).hasSize(3);
  }

  @Test
  void aLabelOnAVersionTheModelLacksIsRefusedBeforeAnythingIsPushed() {
    int exit =
        buildImage("config/missing", "--version-policy", "all", "--version-label", "stable=7");

    assertThat(exit).isEqualTo(ExitCode.FAILURE);
    assertThat(stderr())
        .endsWith(
            "error: version label stable=7: model 'half_plus_two' has no version 7 (it has 1,2,3)"
                + " — label one of the model's versions\n");
    assertThat(registry.uploadedBlobs("config/missing")).isEmpty();
  }

  @Test
  void aSpecificVersionTheModelLacksIsRefusedBeforeAnythingIsPushed() {
    int exit = buildImage("config/specific", "--version-policy", "specific:2,5");

    assertThat(exit).isEqualTo(ExitCode.FAILURE);
    assertThat(stderr())
        .endsWith(
            "error: version policy specific:2,5: model 'half_plus_two' has no version 5 (it has"
                + " 1,2,3) — name only versions the model holds\n");
    assertThat(registry.uploadedBlobs("config/specific")).isEmpty();
  }

  @Test
  void aBadPolicyIsRefusedBeforeAnyWork() {
    int exit = buildImage("config/zero", "--version-policy", "latest:0");

    assertThat(exit).isEqualTo(ExitCode.FAILURE);
    assertThat(stderr())
        .isEqualTo(
            "error: version policy latest:0 serves no version — write latest:N with N at least 1"
                + " (latest:1 is TF Serving's default)\n");
  }

  @Test
  void aConfigFileAndPolicyOptionsAreRefusedTogether() throws IOException {
    Path file = Files.writeString(temp.resolve("models.config"), "");

    int exit =
        buildImage("config/both", "--model-config", file.toString(), "--version-policy", "all");

    assertThat(exit).isEqualTo(ExitCode.FAILURE);
    assertThat(stderr())
        .isEqualTo(
            "error: --model-config and --version-policy/--version-label both configure the model"
                + " — put the policy and labels into the --model-config file, or leave"
                + " --model-config out\n");
  }

  /** The model config in the pushed image, read as {@code --model-config} reads a file. */
  private ModelConfig configInImage(String repository) throws IOException {
    JsonNode manifest = registry.manifest(repository, registry.tags(repository).get(0));
    for (JsonNode layer : manifest.get("layers")) {
      LayerTar tar = LayerTar.read(registry.blob(repository, layer.get("digest").asText()));
      for (LayerTar.Entry entry : tar.entries()) {
        if (entry.name().replaceFirst("^/", "").equals(CONFIG_ENTRY)) {
          Path file = Files.write(temp.resolve("in-image.config"), entry.content());
          return ModelConfig.read(file, MODEL, "/models/" + MODEL);
        }
      }
    }
    throw new AssertionError(repository + " has no layer holding " + CONFIG_ENTRY);
  }

  private int buildImage(String repository, String... extra) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "build-image",
                "--model-dir",
                model.toString(),
                "--model-name",
                MODEL,
                "--base",
                registry.servingBase().toString(),
                "--image",
                registry.address() + "/" + repository,
                "--insecure-registry"));
    args.addAll(List.of(extra));
    Console console =
        new Console(
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            new ActionsEnvironment(env),
            false);
    return Main.run(args.toArray(String[]::new), console, env);
  }

  private String stderr() {
    return err.toString(StandardCharsets.UTF_8);
  }
}
