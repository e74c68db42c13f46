package dev.tfsdeploy.overlay;

import dev.tfsdeploy.UserError;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The output order (kustomize's SortOrderTransformer, {@code sortOptions} of the top kustomization
 * only): {@code fifo} keeps the build order; {@code legacy} (the default) puts the kinds of {@code
 * orderFirst} first and those of {@code orderLast} last, each in list order, the rest between, then
 * orders by group/version/kind, namespace and name.
 */
record SortOrder(boolean fifo, List<String> orderFirst, List<String> orderLast) {
  static final SortOrder LEGACY = new SortOrder(false, Kinds.ORDER_FIRST, Kinds.ORDER_LAST);

  /**
   * Reads a {@code sortOptions} mapping (null: absent). kustomize checks the values only when it
   * sorts, so the caller calls this for the top kustomization alone.
   */
  static SortOrder parse(KustomizationFile.Reader r, Map<String, Object> options) {
    if (options == null) {
      return LEGACY;
    }
    r.only(options, "sortOptions", "order", "legacySortOptions");
    String order = r.string(options, "order", "sortOptions.order");
    Map<String, Object> legacy =
        r.map(options, "legacySortOptions", "sortOptions.legacySortOptions");
    if (!"fifo".equals(order) && !"legacy".equals(order)) {
      throw new UserError(
          r.file() + ": the field 'sortOptions.order' must be one of [fifo, legacy]",
          "set order: fifo or order: legacy");
    }
    if ("fifo".equals(order)) {
      if (options.containsKey("legacySortOptions")) {
        throw new UserError(
            r.file()
                + ": the field 'sortOptions.legacySortOptions' is set but the selected sort "
                + "order is 'fifo', not 'legacy'",
            "remove legacySortOptions or set order: legacy");
      }
      return new SortOrder(true, List.of(), List.of());
    }
    if (legacy == null) {
      return LEGACY;
    }
    r.only(legacy, "sortOptions.legacySortOptions", "orderFirst", "orderLast");
    return new SortOrder(
        false,
        r.strings(legacy, "orderFirst", "sortOptions.legacySortOptions.orderFirst"),
        r.strings(legacy, "orderLast", "sortOptions.legacySortOptions.orderLast"));
  }

  /** The resources in output order (a new list). */
  List<Resource> sorted(List<Resource> resources) {
    List<Resource> result = new java.util.ArrayList<>(resources);
    if (!fifo) {
      result.sort(
          Comparator.<Resource, ResId>comparing(Resource::id, this::compareGvk)
              .thenComparing(r -> r.namespace().isEmpty() ? "~X" : r.namespace())
              .thenComparing(r -> r.name().isEmpty() ? "~N" : r.name()));
    }
    return result;
  }

  private int compareGvk(ResId a, ResId b) {
    if (a.sameGvk(b)) {
      return 0;
    }
    int byRank = Integer.compare(rank(a.kind()), rank(b.kind()));
    if (byRank != 0) {
      return byRank;
    }
    int byName = a.gvkString().compareTo(b.gvkString());
    // kustomize orders a core Namespace against another group's Namespace the other way round.
    boolean namespaces =
        "Namespace".equals(a.kind())
            && "Namespace".equals(b.kind())
            && (a.group().isEmpty() || b.group().isEmpty());
    return namespaces ? -byName : byName;
  }

  /** Negative for the first kinds, 0 for the rest, positive for the last ones. */
  int rank(String kind) {
    // As kustomize's rank map: a later entry of a kind overrides an earlier one.
    int last = orderLast.lastIndexOf(kind);
    if (last >= 0) {
      return last + 1;
    }
    int first = orderFirst.lastIndexOf(kind);
    return first >= 0 ? first - orderFirst.size() : 0;
  }
}
