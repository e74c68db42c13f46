package dev.tfsdeploy.actions;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConsoleTest {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private Console console(Map<String, String> env) {
    return new Console(
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8),
        new ActionsEnvironment(env),
        false);
  }

  private String stdout() {
    return out.toString(StandardCharsets.UTF_8);
  }

  private String stderr() {
    return err.toString(StandardCharsets.UTF_8);
  }

  @Test
  void resultGoesToStdoutAndLogsToStderr() {
    Console console = console(Map.of());
    console.info("downloading");
    console.result("/tmp/model.tar.gz");

    assertThat(stdout()).isEqualTo("/tmp/model.tar.gz\n");
    assertThat(stderr()).isEqualTo("downloading\n");
  }

  @Test
  void errorsAndWarningsAreAnnotationsUnderActions() {
    Console console = console(Map.of("GITHUB_ACTIONS", "true"));
    console.error("asset not found");
    console.warn("no serving_default signature");

    assertThat(stderr())
        .isEqualTo("::error::asset not found\n::warning::no serving_default signature\n");
  }

  @Test
  void errorsArePlainTextOutsideActions() {
    Console console = console(Map.of());
    console.error("asset not found");

    assertThat(stderr()).isEqualTo("error: asset not found\n");
  }

  @Test
  void annotationTextIsEscapedSoItCannotInjectAnotherCommand() {
    Console console = console(Map.of("GITHUB_ACTIONS", "true"));
    console.error("bad\n::add-mask::x 100%");

    assertThat(stderr()).isEqualTo("::error::bad%0A::add-mask::x 100%25\n");
  }

  @Test
  void secretIsAnnouncedWithAddMaskOnceUnderActions() {
    Console console = console(Map.of("GITHUB_ACTIONS", "true"));
    console.mask("ghp_secret123");
    console.mask("ghp_secret123");

    assertThat(stderr()).isEqualTo("::add-mask::ghp_secret123\n");
  }

  @Test
  void maskedSecretIsRedactedFromEverythingPrinted() {
    Console console = console(Map.of());
    console.mask("ya29.token-value");
    console.info("using ya29.token-value");
    console.error("rejected ya29.token-value");
    console.result("Bearer ya29.token-value");

    assertThat(stderr() + stdout()).doesNotContain("ya29.token-value").contains("***");
  }

  @Test
  void groupsAreCollapsibleUnderActions() {
    Console console = console(Map.of("GITHUB_ACTIONS", "true"));
    try (Console.Group group = console.group("Download")) {
      console.info("inside");
    }

    assertThat(stderr()).isEqualTo("::group::Download\ninside\n::endgroup::\n");
  }

  @Test
  void debugLinesAppearOnlyWithDebug() {
    Console console = console(Map.of());
    console.debug("hidden");
    console.setDebug(true);
    console.debug("shown");

    assertThat(stderr()).isEqualTo("debug: shown\n");
  }

  @Test
  void credentialShapedTextIsRedactedFromMessagesThoughNeverRegistered() {
    Console console = console(Map.of());
    console.error(
        "token endpoint said:"
            + " grant_type=jwt-bearer&assertion=eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiJ4In0.c2ln&x=1");
    console.info("{\"refresh_token\": \"1//0gAbCdEfGhIjKlMnOpQrStUv\", \"scope\": \"cloud\"}");
    console.warn("sent Authorization: Bearer ya29.a0AfB_byC-secret-value");
    console.debug("not shown");
    console.setDebug(true);
    console.debug(
        "key: -----BEGIN PRIVATE KEY-----\n"
            + "MIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n"
            + "-----END PRIVATE KEY-----\n"
            + " done");

    assertThat(stderr())
        .doesNotContain("eyJ", "1//0g", "ya29.", "MIIEvQ")
        .contains(
            "assertion=***&x=1",
            "\"refresh_token\":\"***\", \"scope\": \"cloud\"",
            "Bearer ***",
            "key: ***\n done");
  }

  @Test
  void resultsKeepCredentialShapedDataSuchAsABase64JsonSecretIntact() {
    Console console = console(Map.of());
    String renderedSecret = "data:\n  .dockerconfigjson: eyJhdXRocyI6eyJyZWdpc3RyeSI6e319fQ==";
    console.result(renderedSecret);

    assertThat(stdout()).isEqualTo(renderedSecret + "\n");
  }
}
