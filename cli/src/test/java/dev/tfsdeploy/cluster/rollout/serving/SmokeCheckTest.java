package dev.tfsdeploy.cluster.rollout.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tfsdeploy.UserError;
import dev.tfsdeploy.cluster.rollout.testing.TfServingBackend;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SmokeCheckTest {
  private TfServingBackend server;

  @AfterEach
  void stop() {
    server.close();
  }

  private SmokeCheck check(int loadingAnswers, Duration bound) {
    server = new TfServingBackend("half_plus_two", "123", loadingAnswers);
    return new SmokeCheck(
        new TfServingRest(server.baseUrl(), Duration.ofSeconds(5)),
        bound,
        Duration.ofMillis(20),
        Clock.systemUTC());
  }

  @Test
  void waitsWhileTheVersionIsLoading() {
    SmokeCheck check = check(3, Duration.ofSeconds(5));

    ModelVersionStatus status = check.awaitAvailable("half_plus_two", Optional.of("123"));

    assertThat(status).isEqualTo(new ModelVersionStatus("123", "AVAILABLE", "OK", ""));
    assertThat(server.requests())
        .hasSize(4)
        .allMatch(r -> r.equals("GET /v1/models/half_plus_two"));
  }

  @Test
  void givesUpAfterItsBoundSayingWhatTheServerLastSaid() {
    SmokeCheck check = check(1000, Duration.ofMillis(200));

    assertThatThrownBy(() -> check.awaitAvailable("half_plus_two", Optional.empty()))
        .isInstanceOf(UserError.class)
        .hasMessage("model 'half_plus_two' is not AVAILABLE after 0s: version 123 LOADING");
  }

  @Test
  void anotherVersionBeingAvailableIsNotEnough() {
    SmokeCheck check = check(0, Duration.ofMillis(200));

    assertThatThrownBy(() -> check.awaitAvailable("half_plus_two", Optional.of("7")))
        .hasMessageStartingWith(
            "model 'half_plus_two' version 7 is not AVAILABLE after 0s: version 123 AVAILABLE");
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
