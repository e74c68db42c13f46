package dev.tfsdeploy.cluster.rollout.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tfsdeploy.UserError;
import dev.tfsdeploy.cluster.rollout.testing.TfServingBackend;
import dev.tfsdeploy.cluster.rollout.testing.TfServingBackend.Version;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SmokeCheckTest {
  private TfServingBackend server;

  @AfterEach
  void stop() {
    server.close();
  }

  private SmokeCheck check(int loadingAnswers, Duration bound) {
    return check(List.of(Version.loadsAfter("123", loadingAnswers)), bound);
  }

  private SmokeCheck check(List<Version> versions, Duration bound) {
    server = new TfServingBackend("half_plus_two", versions);
    return new SmokeCheck(
        new TfServingRest(server.baseUrl(), Duration.ofSeconds(5)),
        bound,
        Duration.ofMillis(20),
        Clock.systemUTC());
  }

  @Test
  void waitsWhileTheVersionIsLoading() {
    SmokeCheck check = check(3, Duration.ofSeconds(5));

    List<ModelVersionStatus> status = check.awaitAvailable("half_plus_two", List.of("123"));

    assertThat(status).containsExactly(new ModelVersionStatus("123", "AVAILABLE", "OK", ""));
    assertThat(server.requests())
        .hasSize(4)
        .allMatch(r -> r.equals("GET /v1/models/half_plus_two"));
  }

  @Test
  void givesUpAfterItsBoundSayingWhatTheServerLastSaid() {
    SmokeCheck check = check(1000, Duration.ofMillis(200));

    assertThatThrownBy(() -> check.awaitAvailable("half_plus_two", List.of()))
        .isInstanceOf(UserError.class)
        .hasMessage(
            "model 'half_plus_two' version 123 is not AVAILABLE after 0s: version 123 LOADING");
  }

  @Test
  void anotherVersionBeingAvailableIsNotEnough() {
    SmokeCheck check = check(0, Duration.ofMillis(200));

    assertThatThrownBy(() -> check.awaitAvailable("half_plus_two", List.of("7")))
        .hasMessageStartingWith(
            "model 'half_plus_two' version 7 is not AVAILABLE after 0s: version 123 AVAILABLE");
  }

  @Test
  void waitsUntilEveryVersionThePolicyServesIsAvailable() {
    SmokeCheck check =
        check(
            List.of(
                Version.loadsAfter("1", 1), Version.loadsAfter("2", 4), Version.loadsAfter("3", 0)),
            Duration.ofSeconds(5));

    List<ModelVersionStatus> served = check.awaitAvailable("half_plus_two", List.of());

    assertThat(served).extracting(ModelVersionStatus::version).containsExactly("1", "2", "3");
    assertThat(served).allMatch(ModelVersionStatus::available);
    assertThat(server.requests()).hasSize(5);
  }

  @Test
  void oneVersionStillLoadingFailsNamingIt() {
    SmokeCheck check =
        check(
            List.of(Version.loadsAfter("1", 0), Version.staysLoading("2")), Duration.ofMillis(200));

    assertThatThrownBy(() -> check.awaitAvailable("half_plus_two", List.of()))
        .isInstanceOf(UserError.class)
        .hasMessage(
            "model 'half_plus_two' version 2 is not AVAILABLE after 0s: version 1 AVAILABLE,"
                + " version 2 LOADING");
  }

  @Test
  void anExpectedVersionTheServerDoesNotReportIsWaitedForAndNamed() {
    SmokeCheck check = check(List.of(Version.loadsAfter("1", 0)), Duration.ofMillis(200));

    assertThatThrownBy(() -> check.awaitAvailable("half_plus_two", List.of("1", "3")))
        .hasMessageStartingWith(
            "model 'half_plus_two' version 3 is not AVAILABLE after 0s: version 1 AVAILABLE");
  }

  @Test
  void aVersionThatFailedToLoadFailsAtOnceNamingIt() {
    SmokeCheck check =
        check(
            List.of(
                Version.loadsAfter("1", 0),
                Version.failsToLoad("2", "NOT_FOUND", "Could not find SavedModel .pb")),
            Duration.ofSeconds(5));

    assertThatThrownBy(() -> check.awaitAvailable("half_plus_two", List.of()))
        .hasMessage(
            "TF Serving could not load model 'half_plus_two': version 2 END (NOT_FOUND: Could not"
                + " find SavedModel .pb)");
    assertThat(server.requests()).hasSize(1);
  }

  @Test
  void aVersionThePolicyUnloadedIsNotWaitedFor() {
    SmokeCheck check =
        check(List.of(Version.unloaded("1"), Version.loadsAfter("2", 0)), Duration.ofSeconds(5));

    assertThat(check.awaitAvailable("half_plus_two", List.of()))
        .containsExactly(new ModelVersionStatus("2", "AVAILABLE", "OK", ""));
  }

  @Test
  void predictReturnsTheServersAnswer() {
    SmokeCheck check = check(0, Duration.ofSeconds(1));

    assertThat(check.predict("half_plus_two", "{\"instances\": [1.0, 2.0, 5.0]}"))
        .isEqualTo("{\"predictions\":[2.5,3.0,4.5]}");
  }

  @Test
  void aRefusedPredictCarriesTheServersError() {
    SmokeCheck check = check(0, Duration.ofSeconds(1));

    assertThatThrownBy(() -> check.predict("half_plus_two", "{\"inputs_typo\": [1.0]}"))
        .hasMessage(
            "the smoke predict request was refused (HTTP 400): Missing 'inputs' or 'instances'"
                + " key");
  }
}
