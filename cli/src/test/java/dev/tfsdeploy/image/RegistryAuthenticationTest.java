package dev.tfsdeploy.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.cloud.tools.jib.api.ImageReference;
import dev.tfsdeploy.UserError;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;

/**
 * Pushing to and pulling from a registry that requires a login (htpasswd, as docker login uses).
 */
@Testcontainers
class RegistryAuthenticationTest {
  @Container static final TestRegistry open = new TestRegistry();
  @Container static final TestRegistry locked = new TestRegistry().withUser();
  static ImageReference publicBase;
  static ImageReference privateBase;

  @TempDir static Path shared;
  @TempDir Path temp;
  final RecordingListener listener = new RecordingListener();
  Path model;

  @BeforeAll
  static void pushBases() throws Exception {
    publicBase = ServingBaseImage.push(open, "serving/base", shared.resolve("public"));
    privateBase = ServingBaseImage.push(locked, "serving/private", shared.resolve("private"), true);
  }

  @BeforeEach
  void model() throws IOException {
    model = temp.resolve("model");
    ModelFixtures.version(model, "1", 3, 1_000);
  }

  @Test
  void pushesWithDockerConfigCredentialsAndMasksThePassword() throws IOException {
    dockerLogin(locked.address(), TestRegistry.USER, TestRegistry.PASSWORD);

    BuiltImage built = build(publicBase, locked.address() + "/team/serving");

    assertThat(locked.manifestDigest("team/serving", "t")).isEqualTo(built.digest());
    assertThat(listener.secrets).contains(TestRegistry.PASSWORD);
  }

  @Test
  void storedLayersAndMountsUseTheSameDockerConfigLogin() throws Exception {
    dockerLogin(locked.address(), TestRegistry.USER, TestRegistry.PASSWORD);
    ModelFixtures.version(model, "1", 4, ModelLayers.OWN_LAYER_BYTES + 1); // a stored shard layer
    ImageReference lockedBase =
        ServingBaseImage.push(locked, "serving/mirror", temp.resolve("mirror"), true);

    build(lockedBase, locked.address() + "/team/preloaded");

    assertThat(listener.messages)
        .anyMatch(
            message ->
                message.matches(".*variables\\.data-00000-of-00001: uploaded \\d+ bytes in .*"))
        .anyMatch(message -> message.contains("mounted 1 of 1 base layers from serving/mirror"));
  }

  @Test
  void targetWithoutCredentialsIsUnauthorizedNamingWhereCredentialsWereLookedFor() {
    assertThatThrownBy(() -> build(publicBase, locked.address() + "/team/serving"))
        .isInstanceOf(UserError.class)
        .hasMessage(
            "cannot push to "
                + locked.address()
                + "/team/serving: unauthorized (no credentials found"
                + " (tried Docker config "
                + dockerConfig()
                + ": file does not exist))")
        .satisfies(
            e -> assertThat(((UserError) e).fix()).contains("docker login " + locked.address()));
  }

  @Test
  void refusedCredentialsNameTheirSource() throws IOException {
    dockerLogin(locked.address(), TestRegistry.USER, "wrong-password");

    assertThatThrownBy(() -> build(publicBase, locked.address() + "/team/serving"))
        .isInstanceOf(UserError.class)
        .hasMessage(
            "cannot push to "
                + locked.address()
                + "/team/serving: unauthorized"
                + " (the registry refused the credentials from Docker config "
                + dockerConfig()
                + ")");
  }

  @Test
  void privateBaseWithoutCredentialsIsAnErrorNamingTheBase() {
    assertThatThrownBy(() -> build(privateBase, open.address() + "/team/from-private"))
        .isInstanceOf(UserError.class)
        .hasMessageStartingWith("base image " + privateBase + " is not readable: unauthorized (");
  }

  @Test
  void privateBaseIsReadWithDockerConfigCredentials() throws IOException {
    dockerLogin(locked.address(), TestRegistry.USER, TestRegistry.PASSWORD);

    BuiltImage built = build(privateBase, open.address() + "/team/from-private");

    assertThat(open.manifestDigest("team/from-private", "t")).isEqualTo(built.digest());
  }

  private BuiltImage build(ImageReference base, String repository) {
    RegistryCredentials credentials =
        new RegistryCredentials(
            dockerConfig(),
            Map.of(),
            () -> {
              throw new IOException("no Google credentials in this test");
            });
    ModelImageRequest request =
        new ModelImageRequest(
            model,
            "m",
            base,
            new ImageTarget.Registry(ImageNames.repository(repository)),
            List.of("t"),
            Optional.empty(),
            ImageProvenance.UNKNOWN,
            true);
    return new ModelImageBuilder(new SavedModelLayout(), credentials, listener, "test")
        .build(request);
  }

  /** What {@code docker login} leaves behind: a base64 user:password under auths. */
  private void dockerLogin(String registry, String user, String password) throws IOException {
    String auth =
        Base64.getEncoder()
            .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    Files.createDirectories(dockerConfig().getParent());
    Files.writeString(
        dockerConfig(), "{\"auths\":{\"" + registry + "\":{\"auth\":\"" + auth + "\"}}}");
  }

  private Path dockerConfig() {
    return temp.resolve("docker/config.json");
  }
}
