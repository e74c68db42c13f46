package dev.tfsdeploy.yaml;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Expected orders are kubectl kustomize's (v5) for a ConfigMap with these data keys. */
class GoKeyOrderTest {
  @Test
  void runsOfDigitsCompareAsNumbers() {
    assertThat(sorted("a10b", "a2b", "a9")).containsExactly("a2b", "a9", "a10b");
  }

  @Test
  void anEqualNumberWithMoreLeadingZerosComesAfter() {
    assertThat(sorted("a01", "a1")).containsExactly("a1", "a01");
  }

  @Test
  void otherCharactersComeBeforeLettersAtTheFirstDifference() {
    assertThat(sorted("ab", "a_b", "a.b", "a-b")).containsExactly("a-b", "a.b", "a_b", "ab");
  }

  @Test
  void lettersCompareByCodePointSoUpperCaseComesFirst() {
    assertThat(sorted("a", "Ab", "B")).containsExactly("Ab", "B", "a");
  }

  @Test
  void aPrefixComesBeforeTheLongerKey() {
    assertThat(sorted("a-b", "a")).containsExactly("a", "a-b");
  }

  private static List<String> sorted(String... keys) {
    List<String> list = new ArrayList<>(List.of(keys));
    list.sort(GoKeyOrder.INSTANCE);
    return list;
  }
}
