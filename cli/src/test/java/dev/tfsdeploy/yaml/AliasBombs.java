package dev.tfsdeploy.yaml;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Small YAML texts whose aliases expand exponentially ("billion laughs"), for tests. */
public final class AliasBombs {
  private AliasBombs() {}

  /**
   * Mapping lines {@code a0: &a0 [...]}, each next anchor a list of {@code width} aliases of the
   * one before: {@code width}^{@code depth} scalars from about 40 x depth bytes.
   */
  public static String anchors(int width, int depth, String indent) {
    List<String> lines = new ArrayList<>();
    lines.add(indent + "a0: &a0 [" + String.join(",", Collections.nCopies(width, "x")) + "]");
    for (int i = 1; i < depth; i++) {
      lines.add(
          indent
              + "a"
              + i
              + ": &a"
              + i
              + " ["
              + String.join(",", Collections.nCopies(width, "*a" + (i - 1)))
              + "]");
    }
    return String.join("\n", lines) + "\n";
  }

  /**
   * A ConfigMap whose labels hold {@link #anchors} (width 10, depth 10: 10^10 scalars from 500
   * bytes).
   */
  public static String configMap() {
    return "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: bomb\n  labels:\n"
        + anchors(10, 10, "    ");
  }
}
