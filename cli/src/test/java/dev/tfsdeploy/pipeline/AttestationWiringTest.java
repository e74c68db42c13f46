package dev.tfsdeploy.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The provenance attestation in the actions that push an image (the whole pipeline and
 * build-image): the {@code attest} input, the check that decides (its script run by bash as the
 * runner runs it), and the {@code actions/attest-build-provenance} step it gates.
 */
class AttestationWiringTest {
  @TempDir Path temp;

  static List<ActionFile> pushingActions() {
    return List.of(ActionFile.load(""), ActionFile.load("build-image"));
  }

  private static ActionFile.Step step(ActionFile action, String id) {
    return action.step(id).orElseThrow(() -> new AssertionError(action + " has no step " + id));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("pushingActions")
  void attestDefaultsToAutoAndNamesThePermissionsItNeeds(ActionFile action) {
    Map<String, Object> attest = action.inputs().get("attest");

    assertThat(attest).containsEntry("default", "auto").containsEntry("required", false);
    assertThat(String.valueOf(attest.get("description")))
        .contains("id-token: write")
        .contains("attestations: write");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("pushingActions")
  void theAttestationNamesThePushedImageByRepositoryAndDigestAndIsPushedBesideIt(
      ActionFile action) {
    ActionFile.Step attest = step(action, "attest");

    assertThat(attest.uses()).isEqualTo("actions/attest-build-provenance@v2");
    assertThat(attest.condition()).isEqualTo("steps.attest-check.outputs.attest == 'true'");
    // auto cannot know about attestations: write; a refusal there must not fail the deployment.
    assertThat(attest.yaml()).containsEntry("continue-on-error", "${{ inputs.attest == 'auto' }}");
    assertThat(attest.with())
        .containsEntry("subject-name", "${{ steps.build.outputs.repository }}")
        .containsEntry("subject-digest", "${{ steps.build.outputs.digest }}")
        .containsEntry("push-to-registry", true);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("pushingActions")
  void theCheckRunsAfterTheImageIsPushedUnlessAttestIsFalse(ActionFile action) {
    List<ActionFile.Step> steps = action.steps();
    ActionFile.Step check = step(action, "attest-check");

    assertThat(check.condition()).isEqualTo("inputs.attest != 'false'");
    assertThat(steps.indexOf(check)).isGreaterThan(steps.indexOf(step(action, "build")));
    assertThat(steps.indexOf(step(action, "attest"))).isEqualTo(steps.indexOf(check) + 1);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("pushingActions")
  void autoWithoutAnOidcTokenSkipsTheAttestationWithANotice(ActionFile action) throws Exception {
    Check check = runCheck(action, "auto", Map.of());

    assertThat(check.exit()).isZero();
    assertThat(check.outputs()).contains("attest=false");
    assertThat(check.stdout()).contains("::notice::no provenance attestation");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("pushingActions")
  void autoWithAnOidcTokenAttests(ActionFile action) throws Exception {
    Check check =
        runCheck(action, "auto", Map.of("ACTIONS_ID_TOKEN_REQUEST_URL", "https://token.example/"));

    assertThat(check.exit()).isZero();
    assertThat(check.outputs()).contains("attest=true");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("pushingActions")
  void trueAttestsEvenWithoutAnOidcTokenSoTheStepFailsLoudly(ActionFile action) throws Exception {
    Check check = runCheck(action, "true", Map.of());

    assertThat(check.exit()).isZero();
    assertThat(check.outputs()).contains("attest=true");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("pushingActions")
  void anyOtherValueIsAnError(ActionFile action) throws Exception {
    Check check = runCheck(action, "yes", Map.of());

    assertThat(check.exit()).isEqualTo(1);
    assertThat(check.stdout()).contains("::error::attest is 'yes' — use auto, true or false");
  }

  private record Check(int exit, String stdout, String outputs) {}

  /**
   * Runs the check's script as the runner does (bash -e), for an image in a registry that needs no
   * Google login, with the step's env and a GITHUB_OUTPUT file.
   */
  private Check runCheck(ActionFile action, String attest, Map<String, String> extra)
      throws IOException, InterruptedException {
    Path script = Files.writeString(temp.resolve("check.sh"), step(action, "attest-check").run());
    Path outputs = Files.createFile(temp.resolve("github_output-" + System.nanoTime()));
    ProcessBuilder bash =
        new ProcessBuilder("bash", "--noprofile", "--norc", "-eo", "pipefail", script.toString())
            .redirectErrorStream(true);
    bash.environment().remove("ACTIONS_ID_TOKEN_REQUEST_URL");
    bash.environment().put("ATTEST", attest);
    bash.environment().put("IMAGE_REPOSITORY", "registry.example/models/half_plus_two");
    bash.environment().put("GITHUB_OUTPUT", outputs.toString());
    bash.environment().putAll(extra);
    Process process = bash.start();
    String stdout = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    return new Check(process.exitValue(), stdout, Files.readString(outputs));
  }
}
