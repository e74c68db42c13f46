package dev.tfsdeploy.image.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Reading the WWW-Authenticate challenges registries send. */
class AuthChallengeTest {

  @Test
  void readsDockerHubsBearerChallenge() {
    AuthChallenge challenge =
        parse(
            "Bearer realm=\"https://auth.docker.io/token\",service=\"registry.docker.io\","
                + "scope=\"repository:library/ubuntu:pull\"");

    assertThat(challenge.scheme()).isEqualTo("bearer");
    assertThat(challenge.parameters())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "realm", "https://auth.docker.io/token",
                "service", "registry.docker.io",
                "scope", "repository:library/ubuntu:pull"));
  }

  @Test
  void readsArtifactRegistrysBearerChallenge() {
    AuthChallenge challenge =
        parse("Bearer realm=\"https://us-docker.pkg.dev/v2/token\",service=\"us-docker.pkg.dev\"");

    assertThat(challenge.scheme()).isEqualTo("bearer");
    assertThat(challenge.parameter("realm")).contains("https://us-docker.pkg.dev/v2/token");
    assertThat(challenge.parameter("service")).contains("us-docker.pkg.dev");
    assertThat(challenge.parameter("scope")).isEmpty();
  }

  @Test
  void readsABasicChallengeWithASpaceInItsRealm() {
    AuthChallenge challenge = parse("Basic realm=\"Registry Realm\"");

    assertThat(challenge.scheme()).isEqualTo("basic");
    assertThat(challenge.parameters()).containsExactlyEntriesOf(Map.of("realm", "Registry Realm"));
  }

  @Test
  void aSchemeAloneHasNoParameters() {
    AuthChallenge challenge = parse("Basic");

    assertThat(challenge.scheme()).isEqualTo("basic");
    assertThat(challenge.parameters()).isEmpty();
  }

  @Test
  void commasInsideQuotesBelongToTheValue() {
    AuthChallenge challenge =
        parse(
            "Bearer realm=\"https://auth.example/token\",scope=\"repository:team/model:pull,push\","
                + "service=\"registry.example\"");

    assertThat(challenge.parameter("scope")).contains("repository:team/model:pull,push");
    assertThat(challenge.parameter("service")).contains("registry.example");
  }

  @Test
  void escapedQuotesAndBackslashesAreUnescaped() {
    AuthChallenge challenge =
        parse("Basic realm=\"say \\\"hi\\\" to C:\\\\registry\",charset=\"UTF-8\"");

    assertThat(challenge.parameter("realm")).contains("say \"hi\" to C:\\registry");
    assertThat(challenge.parameter("charset")).contains("UTF-8");
  }

  @Test
  void unquotedValuesEndAtTheNextComma() {
    AuthChallenge challenge =
        parse("Bearer realm=https://auth.example/token,service=registry.example");

    assertThat(challenge.parameter("realm")).contains("https://auth.example/token");
    assertThat(challenge.parameter("service")).contains("registry.example");
  }

  @Test
  void schemeAndParameterNamesAreCaseInsensitive() {
    AuthChallenge challenge =
        parse("BEARER Realm=\"https://auth.example/token\",SERVICE=\"Registry.Example\"");

    assertThat(challenge.scheme()).isEqualTo("bearer");
    assertThat(challenge.parameter("realm")).contains("https://auth.example/token");
    assertThat(challenge.parameter("service")).contains("Registry.Example");
  }

  @Test
  void whitespaceAroundCommasAndEqualsSignsIsIgnored() {
    AuthChallenge challenge =
        parse("  Bearer realm = \"https://auth.example/token\" ,  service= \"registry.example\"  ");

    assertThat(challenge.scheme()).isEqualTo("bearer");
    assertThat(challenge.parameter("realm")).contains("https://auth.example/token");
    assertThat(challenge.parameter("service")).contains("registry.example");
  }

  @Test
  void noHeaderIsNoChallenge() {
    assertThat(AuthChallenge.parse(null)).isEmpty();
    assertThat(AuthChallenge.parse("")).isEmpty();
    assertThat(AuthChallenge.parse("   ")).isEmpty();
  }

  private static AuthChallenge parse(String header) {
    Optional<AuthChallenge> challenge = AuthChallenge.parse(header);
    assertThat(challenge).as(header).isPresent();
    return challenge.get();
  }
}
