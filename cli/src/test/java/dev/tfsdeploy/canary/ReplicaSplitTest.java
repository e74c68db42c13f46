package dev.tfsdeploy.canary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tfsdeploy.UserError;
import org.junit.jupiter.api.Test;

class ReplicaSplitTest {
  @Test
  void fourReplicasAtTwentyFivePercentAreThreeAndOne() {
    assertThat(ReplicaSplit.of(4, 25)).isEqualTo(new ReplicaSplit(3, 1));
  }

  @Test
  void tenReplicasAtThirtyPercentAreSevenAndThree() {
    assertThat(ReplicaSplit.of(10, 30)).isEqualTo(new ReplicaSplit(7, 3));
  }

  @Test
  void aPercentTheReplicasCannotExpressNamesTheNearestTheyCan() {
    assertThatThrownBy(() -> ReplicaSplit.of(4, 10))
        .isInstanceOf(UserError.class)
        .hasMessage("4 replicas cannot carry 10% of traffic")
        .extracting(e -> ((UserError) e).fix())
        .asString()
        .startsWith("the nearest they can is 25% (1 of 4 pods)");
  }

  @Test
  void theNearestShareOfThreeReplicasIsAThirdRounded() {
    assertThatThrownBy(() -> ReplicaSplit.of(3, 30))
        .extracting(e -> ((UserError) e).fix())
        .asString()
        .startsWith("the nearest they can is 33.3% (1 of 3 pods)");
  }

  @Test
  void theNearestNeverLeavesStableWithoutPods() {
    assertThatThrownBy(() -> ReplicaSplit.of(4, 95))
        .extracting(e -> ((UserError) e).fix())
        .asString()
        .startsWith("the nearest they can is 75% (3 of 4 pods)");
  }

  @Test
  void oneReplicaCannotBeSplit() {
    assertThatThrownBy(() -> ReplicaSplit.of(1, 50))
        .isInstanceOf(UserError.class)
        .hasMessageContaining("at least 2 replicas");
  }

  @Test
  void percentsOutsideZeroToHundredAreRefused() {
    assertThatThrownBy(() -> ReplicaSplit.of(4, 100)).hasMessageContaining("is not a canary share");
    assertThatThrownBy(() -> ReplicaSplit.of(4, 0)).hasMessageContaining("is not a canary share");
  }
}
