package dev.tfsdeploy.loadtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tfsdeploy.UserError;
import java.time.Duration;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Workers' shares of a load add up to the load. */
class WorkerShareTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(5);

  @Test
  void openLoopSharesAddUpToTheRateConnectionsAndRequests() {
    LoadSpec whole =
        new LoadSpec(LoadSpec.Mode.OPEN, 10, 300, null, 1001, Duration.ZERO, TIMEOUT, 4);

    var shares = IntStream.range(0, 3).mapToObj(i -> new WorkerShare(i, 3).of(whole)).toList();

    assertThat(shares).extracting(LoadSpec::connections).containsExactly(4, 3, 3);
    assertThat(shares).extracting(LoadSpec::requests).containsExactly(334L, 334L, 333L);
    assertThat(shares).extracting(LoadSpec::rate).containsOnly(100.0);
    assertThat(shares).extracting(LoadSpec::mode).containsOnly(LoadSpec.Mode.OPEN);
  }

  @Test
  void aDurationBoundStaysTheSameForEveryWorker() {
    LoadSpec whole =
        new LoadSpec(
            LoadSpec.Mode.CLOSED,
            8,
            0,
            Duration.ofSeconds(30),
            0,
            Duration.ofSeconds(2),
            TIMEOUT,
            2);

    LoadSpec share = new WorkerShare(1, 2).of(whole);

    assertThat(share)
        .isEqualTo(
            new LoadSpec(
                LoadSpec.Mode.CLOSED,
                4,
                0,
                Duration.ofSeconds(30),
                0,
                Duration.ofSeconds(2),
                TIMEOUT,
                2));
  }

  @Test
  void fewerConnectionsThanWorkersAreRefused() {
    LoadSpec whole =
        new LoadSpec(
            LoadSpec.Mode.CLOSED, 2, 0, Duration.ofSeconds(30), 0, Duration.ZERO, TIMEOUT, 2);

    assertThatThrownBy(() -> new WorkerShare(0, 3).of(whole))
        .isInstanceOf(UserError.class)
        .hasMessage("--concurrency 2 is fewer than the 3 workers");
  }

  @Test
  void anIndexOutsideTheWorkersIsRefused() {
    assertThatThrownBy(() -> new WorkerShare(3, 3))
        .isInstanceOf(UserError.class)
        .hasMessage("--worker-index 3 is not one of the 3 workers");
  }
}
