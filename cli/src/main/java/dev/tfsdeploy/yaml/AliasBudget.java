package dev.tfsdeploy.yaml;

import dev.tfsdeploy.UserError;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * go-yaml's rule against alias bombs (kubectl: "document contains excessive aliasing"), applied to
 * one composed document: count every node as decoding would meet it, aliases expanded, and fail
 * once the share met inside aliases passes go-yaml's allowance (99% for small documents down to 10%
 * for large ones). A node met a second time is an alias, since SnakeYAML composes an alias as the
 * anchored node itself. The walk stops at the limit, so it costs time linear in the text.
 */
final class AliasBudget {
  private static final long RATIO_RANGE_LOW = 400_000;
  private static final long RATIO_RANGE_HIGH = 4_000_000;

  private final String source;
  private final Set<Node> seen = Collections.newSetFromMap(new IdentityHashMap<>());
  private final Set<Node> open = Collections.newSetFromMap(new IdentityHashMap<>());

  /** go-yaml counts the document node too. */
  private long decoded = 1;

  private long aliased;
  private int aliasDepth;

  private AliasBudget(String source) {
    this.source = source;
  }

  /** Fails with a one-line error if {@code document} expands too far or contains itself. */
  static void check(Node document, String source) {
    new AliasBudget(source).walk(document, 1);
  }

  private void walk(Node node, int depth) {
    if (depth > YamlInput.MAX_DEPTH && !(node instanceof ScalarNode)) {
      throw new UserError(
          source + ": the YAML nests deeper than " + YamlInput.MAX_DEPTH + " levels",
          "flatten the document");
    }
    if (!seen.add(node)) {
      count();
      if (open.contains(node)) {
        throw new UserError(
            source + ": a YAML anchor's value contains an alias of itself",
            "remove the alias from inside its own anchor");
      }
      aliasDepth++;
      visit(node, depth);
      aliasDepth--;
      return;
    }
    visit(node, depth);
  }

  private void visit(Node node, int depth) {
    count();
    open.add(node);
    if (node instanceof MappingNode mapping) {
      for (NodeTuple tuple : mapping.getValue()) {
        walk(tuple.getKeyNode(), depth + 1);
        walk(tuple.getValueNode(), depth + 1);
      }
    } else if (node instanceof SequenceNode sequence) {
      for (Node item : sequence.getValue()) {
        walk(item, depth + 1);
      }
    }
    open.remove(node);
  }

  private void count() {
    decoded++;
    if (aliasDepth > 0) {
      aliased++;
    }
    if (aliased > 100 && decoded > 1000 && (double) aliased / decoded > allowedRatio(decoded)) {
      throw new UserError(
          source
              + ": the YAML document contains excessive aliasing (its aliases expand it far "
              + "beyond its own size)",
          "write the repeated parts out instead of aliasing them");
    }
  }

  /**
   * go-yaml's allowance: 99% of nodes from aliases up to 400,000 nodes, falling to 10% at
   * 4,000,000.
   */
  private static double allowedRatio(long decodeCount) {
    if (decodeCount <= RATIO_RANGE_LOW) {
      return 0.99;
    }
    if (decodeCount >= RATIO_RANGE_HIGH) {
      return 0.10;
    }
    return 0.99
        - 0.89 * ((double) (decodeCount - RATIO_RANGE_LOW) / (RATIO_RANGE_HIGH - RATIO_RANGE_LOW));
  }
}
