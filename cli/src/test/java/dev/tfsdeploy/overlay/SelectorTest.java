package dev.tfsdeploy.overlay;

import static dev.tfsdeploy.overlay.StrategicMergeTest.object;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tfsdeploy.UserError;
import dev.tfsdeploy.overlay.KustomizationFile.Target;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

class SelectorTest {
  private static final Map<String, String> LABELS = Map.of("app", "serving", "tier", "backend");

  @Test
  void equalityTermsNeedTheLabelToHaveThatValue() {
    assertThat(labels("app=serving,tier==backend").test(LABELS)).isTrue();
    assertThat(labels("app=other").test(LABELS)).isFalse();
  }

  @Test
  void anInequalityTermAlsoMatchesWhenTheLabelIsAbsent() {
    assertThat(labels("team!=ml").test(LABELS)).isTrue();
    assertThat(labels("app!=serving").test(LABELS)).isFalse();
  }

  @Test
  void setTermsSplitOnlyOnCommasOutsideTheirParentheses() {
    assertThat(labels("app in (web, serving),tier notin (frontend)").test(LABELS)).isTrue();
    assertThat(labels("app notin (serving)").test(LABELS)).isFalse();
  }

  @Test
  void aBareKeyNeedsTheLabelAndANegatedOneItsAbsence() {
    assertThat(labels("tier,!team").test(LABELS)).isTrue();
    assertThat(labels("!tier").test(LABELS)).isFalse();
  }

  @Test
  void anInvalidSelectorIsAUserErrorNamingItsSource() {
    assertThatThrownBy(() -> labels("app in serving"))
        .isInstanceOf(UserError.class)
        .hasMessage("kustomization.yaml: invalid selector 'app in serving'");
  }

  @Test
  void targetNamesAreAnchoredRegularExpressions() {
    Resource deployment = deployment();

    assertThat(new Selector(target("Deployment", "serv"), "kustomization.yaml").matches(deployment))
        .isFalse();
    assertThat(
            new Selector(target("Deployment", "serv.*"), "kustomization.yaml").matches(deployment))
        .isTrue();
  }

  @Test
  void aRenamedObjectIsStillMatchedByItsOriginalName() {
    Resource deployment = deployment();
    deployment.storePreviousId();
    deployment.setName("prod-serving");

    assertThat(
            new Selector(target("Deployment", "serving"), "kustomization.yaml").matches(deployment))
        .isTrue();
  }

  @Test
  void anInvalidTargetPatternIsAUserError() {
    Selector selector = new Selector(target("Deployment", "serving("), "kustomization.yaml");

    assertThatThrownBy(() -> selector.matches(deployment()))
        .isInstanceOf(UserError.class)
        .hasMessage("invalid patch target pattern 'serving('");
  }

  private static Predicate<Map<String, String>> labels(String selector) {
    return Selector.parse(selector, "kustomization.yaml");
  }

  private static Target target(String kind, String name) {
    return new Target(null, null, kind, name, null, null, null);
  }

  private static Resource deployment() {
    return new Resource(
        object("apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: serving\n"),
        "deployment.yaml");
  }
}
