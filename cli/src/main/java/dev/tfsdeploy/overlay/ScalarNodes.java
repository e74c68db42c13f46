package dev.tfsdeploy.overlay;

import dev.tfsdeploy.overlay.FieldPath.Slot;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.Set;

/**
 * What kustomize's YAML nodes keep about one resource's scalars beyond their values, as far as
 * replacements need it (they copy a node's text and keep a node's tag): whether some number or bool
 * may be spelled other than Go prints it ({@code 0x1F}, {@code 1.0}), and which scalars a
 * replacement created without a tag, so that text written into them later is typed afresh.
 */
final class ScalarNodes {
  private boolean odd;

  /** Created untagged scalars: container (by identity) to its keys or indexes. */
  private final IdentityHashMap<Object, Set<Object>> untagged = new IdentityHashMap<>();

  /** The object was rebuilt after scalars were created untagged: which are untagged is unknown. */
  private boolean untaggedLost;

  boolean mayBeOdd() {
    return odd;
  }

  void markOdd() {
    odd = true;
  }

  void markUntagged(Slot slot) {
    untagged.computeIfAbsent(slot.container(), c -> new HashSet<>()).add(slot.key());
  }

  /** Whether the scalar in {@code slot} has no tag; null when that is no longer known. */
  Boolean untagged(Slot slot) {
    if (untagged.getOrDefault(slot.container(), Set.of()).contains(slot.key())) {
      return true;
    }
    return untaggedLost ? null : false;
  }

  /** A strategic merge patch rebuilt the object: kyaml kept the nodes, this record lost them. */
  void objectRebuilt() {
    untaggedLost |= !untagged.isEmpty();
    untagged.clear();
  }

  /**
   * A JSON patch went through JSON, which gives every scalar a tag. (Odd spellings become Go's
   * then, but an integral float like {@code 1.0} also becomes an int, so {@link #mayBeOdd} stays.)
   */
  void jsonRoundTrip() {
    untagged.clear();
    untaggedLost = false;
  }
}
