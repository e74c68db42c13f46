package dev.tfsdeploy.yaml;

import java.util.Comparator;

/**
 * go-yaml v2's order of map keys (which kustomize's output follows): at the first difference, other
 * characters before letters and letters by code point, and runs of digits compared as numbers, so
 * {@code a-b} comes before {@code ab} and {@code a9} before {@code a10}. Like go-yaml's, this order
 * is not transitive for keys mixing digits and letters at the same position ({@code a9 < a10 < a1b
 * < a9}); kustomize's output for such keys depends on Go's map order, so no renderer can match it
 * reliably.
 */
final class GoKeyOrder implements Comparator<String> {
  static final GoKeyOrder INSTANCE = new GoKeyOrder();

  private GoKeyOrder() {}

  @Override
  public int compare(String left, String right) {
    if (left.equals(right)) {
      return 0;
    }
    return less(left, right) ? -1 : 1;
  }

  private static boolean less(String left, String right) {
    int[] a = left.codePoints().toArray();
    int[] b = right.codePoints().toArray();
    for (int i = 0; i < a.length && i < b.length; i++) {
      if (a[i] == b[i]) {
        continue;
      }
      boolean al = Character.isLetter(a[i]);
      boolean bl = Character.isLetter(b[i]);
      if (al && bl) {
        return a[i] < b[i];
      }
      if (al || bl) {
        return bl;
      }
      long an = 0;
      long bn = 0;
      if (a[i] == '0' || b[i] == '0') {
        for (int j = i - 1; j >= 0 && Character.isDigit(a[j]); j--) {
          if (a[j] != '0') {
            an = 1;
            bn = 1;
            break;
          }
        }
      }
      int ai = i;
      for (; ai < a.length && Character.isDigit(a[ai]); ai++) {
        an = an * 10 + (a[ai] - '0');
      }
      int bi = i;
      for (; bi < b.length && Character.isDigit(b[bi]); bi++) {
        bn = bn * 10 + (b[bi] - '0');
      }
      if (an != bn) {
        return an < bn;
      }
      if (ai != bi) {
        return ai < bi;
      }
      return a[i] < b[i];
    }
    return a.length < b.length;
  }
}
