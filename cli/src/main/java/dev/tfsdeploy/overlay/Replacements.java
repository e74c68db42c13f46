package dev.tfsdeploy.overlay;

import dev.tfsdeploy.UserError;
import dev.tfsdeploy.overlay.FieldPath.Slot;
import dev.tfsdeploy.overlay.KustomizationFile.Target;
import dev.tfsdeploy.overlay.NodeText.Tag;
import dev.tfsdeploy.overlay.ReplacementRule.Cut;
import dev.tfsdeploy.overlay.ReplacementRule.TargetRule;
import dev.tfsdeploy.yaml.GoScalars;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * kustomize's replacements, run after a kustomization's other builtin transformers (so a source
 * sees that level's name prefix and namespace) and before the top level's name hashes and reference
 * fixes: copies a field of the one object the source selects into the fields each target names in
 * the objects it selects. A scalar field keeps its type and takes the copied text; a map or list
 * field is replaced by a copy of the source's node.
 */
final class Replacements {
  private static final ResId ANY = new ResId("", "", "", "", "");

  private Replacements() {}

  static void apply(KustomizationFile k, ReplacementRule rule, List<Resource> resources) {
    String where = k.file + ": " + rule.at();
    ReplacementValue value =
        ReplacementValue.read(
            source(rule, resources, where + ".source"), rule.source(), where + ".source");
    for (int t = 0; t < rule.targets().size(); t++) {
      TargetRule target = rule.targets().get(t);
      String at = where + ".targets[" + t + "]";
      Predicate<Resource> selected = selection(target, at);
      for (Resource resource : resources) {
        if (!selected.test(resource)) {
          continue;
        }
        for (String fieldPath : target.fieldPaths()) {
          List<Slot> fields =
              PathMatch.find(resource, fieldPath, target.create() ? value.leaf() : null, at);
          if (fields.isEmpty()) {
            throw new UserError(
                at + ": unable to find field '" + fieldPath + "' in " + resource.id(),
                target.create()
                    ? "fix the fieldPath"
                    : "fix the fieldPath, or set options.create: true to add it");
          }
          String place = at + " (" + resource.id() + " " + fieldPath + ")";
          fields.forEach(slot -> write(resource, slot, value, target.cut(), place, fieldPath));
        }
      }
    }
  }

  /**
   * The one object whose current or any earlier id the source's group/version/kind/name/namespace
   * select.
   */
  private static Resource source(ReplacementRule rule, List<Resource> resources, String where) {
    ResId selector = rule.source().select().id();
    List<Resource> matches =
        resources.stream()
            .filter(r -> r.ids().stream().anyMatch(id -> id.selectedBy(selector)))
            .toList();
    if (matches.size() != 1) {
      String wanted = " (" + describe(selector) + ")";
      throw new UserError(
          where
              + (matches.isEmpty()
                  ? " selects no object" + wanted
                  : wanted
                      + " selects more than one "
                      + "object: "
                      + matches.stream()
                          .map(r -> r.id().toString())
                          .collect(Collectors.joining(", "))),
          "set kind, name (and namespace) so that exactly one object of this kustomization"
              + " matches");
    }
    return matches.get(0);
  }

  /** The selector as written, for messages: "kind: ConfigMap, name: settings". */
  private static String describe(ResId id) {
    String fields =
        Stream.of(
                "group: " + id.group(),
                "version: " + id.version(),
                "kind: " + id.kind(),
                "name: " + id.name(),
                "namespace: " + id.namespace())
            .filter(field -> !field.endsWith(": "))
            .collect(Collectors.joining(", "));
    return fields.isEmpty() ? "anything" : fields;
  }

  /**
   * kustomize's target selection: select's labels and annotations must match, no reject may match
   * by labels or annotations or by any id, and some id must be selected.
   */
  private static Predicate<Resource> selection(TargetRule target, String where) {
    Predicate<Resource> select = labelsAndAnnotations(target.select(), where + ".select");
    ResId selector = target.select().id();
    List<Predicate<Resource>> rejectedBySelectors = new ArrayList<>();
    List<ResId> rejectedIds = new ArrayList<>();
    for (Target reject : target.reject()) {
      if (isSet(reject.labelSelector()) || isSet(reject.annotationSelector())) {
        rejectedBySelectors.add(labelsAndAnnotations(reject, where + ".reject"));
      }
      if (!reject.id().equals(ANY)) {
        rejectedIds.add(reject.id());
      }
    }
    return r ->
        select.test(r)
            && rejectedBySelectors.stream().noneMatch(rejected -> rejected.test(r))
            && r.ids().stream().noneMatch(id -> rejectedIds.stream().anyMatch(id::selectedBy))
            && r.ids().stream().anyMatch(id -> id.selectedBy(selector));
  }

  private static boolean isSet(String selector) {
    return selector != null && !selector.isEmpty();
  }

  private static Predicate<Resource> labelsAndAnnotations(Target target, String where) {
    Predicate<Map<String, String>> labels = Selector.parse(target.labelSelector(), where);
    Predicate<Map<String, String>> annotations = Selector.parse(target.annotationSelector(), where);
    return r -> labels.test(r.labels()) && annotations.test(r.annotations());
  }

  /**
   * kustomize's setFieldValue: a map or list is replaced by the value's node, a scalar takes its
   * text.
   */
  private static void write(
      Resource resource, Slot slot, ReplacementValue value, Cut cut, String where, String path) {
    Object current = slot.get();
    boolean annotation = slot.isAnnotationOf(resource);
    if (NodeText.isContainer(current)) {
      if (cut.active() || annotation) {
        throw new UserError(
            where
                + ": "
                + (annotation
                    ? "the annotation"
                    : "options.delimiter needs a scalar, but the " + "field")
                + " holds "
                + NodeText.kindOf(current),
            "point fieldPath at a string");
      }
      Object node = value.node(path);
      slot.set(node);
      if (value.isScalar() && value.untagged()) {
        resource.scalars().markUntagged(slot);
      }
      markSpelling(
          resource, node, value.isSpelledValue() || !value.isScalar() ? null : value.text(), value);
      return;
    }
    String spliced =
        cut.active() ? splice(splitText(resource, current, where), value.text(), cut) : null;
    if (annotation) {
      // kustomize ends by rewriting annotations from their texts, whatever their tags were
      slot.set(spliced != null ? spliced : value.text());
      return;
    }
    Boolean untagged =
        current == PathMatch.CREATED ? Boolean.TRUE : resource.scalars().untagged(slot);
    Object written;
    if (spliced == null && Boolean.TRUE.equals(untagged) && value.isSpelledValue()) {
      // an untagged node reads the copied spelling back as the source's own value
      written = value.node(path);
      markSpelling(resource, written, null, value);
    } else {
      String text = spliced != null ? spliced : value.text();
      written = retyped(text, current, untagged, where, path);
      markSpelling(resource, written, text, value);
    }
    slot.set(written);
    if (Boolean.TRUE.equals(untagged)) {
      resource.scalars().markUntagged(slot);
    }
  }

  /** The target's text that a target delimiter splits. */
  private static String splitText(Resource resource, Object current, String where) {
    String text = current == PathMatch.CREATED ? "" : NodeText.text(current, resource);
    if (text == null) {
      throw new UserError(
          where
              + ": cannot split "
              + NodeText.kindOf(current)
              + " (kustomize splits its spelling in "
              + resource.origin()
              + ", which the renderer does not keep)",
          "make the field a string");
    }
    return text;
  }

  /**
   * The text typed by the field's tag; when whether the field has one is unknown, both readings
   * must agree.
   */
  private static Object retyped(
      String text, Object current, Boolean untagged, String where, String path) {
    if (untagged != null) {
      return NodeText.typed(text, untagged ? Tag.NONE : Tag.of(current), where, path);
    }
    Object tagged = typedOrError(text, Tag.of(current), where, path);
    Object plain = typedOrError(text, Tag.NONE, where, path);
    if (!Objects.equals(tagged, plain) || tagged instanceof UserError) {
      throw new UserError(
          where
              + ": the field was created by an earlier replacement and then patched, so how "
              + "kustomize types '"
              + text
              + "' in it is unknown",
          "create the field in the base instead");
    }
    return tagged;
  }

  private static Object typedOrError(String text, Tag tag, String where, String path) {
    try {
      return NodeText.typed(text, tag, where, path);
    } catch (UserError e) {
      return e;
    }
  }

  /**
   * Notes when the target now holds a number or bool spelled unlike Go (its text is kustomize's).
   */
  private static void markSpelling(
      Resource resource, Object written, String text, ReplacementValue value) {
    if (text == null ? value.mayBeOddlySpelled() : GoScalars.isOddSpelling(written, text)) {
      resource.scalars().markOdd();
    }
  }

  /**
   * kustomize's target delimiter: index replaces that part; below 0 prepends, past the end appends.
   */
  private static String splice(String old, String value, Cut cut) {
    List<String> parts = new ArrayList<>(List.of(old.split(Pattern.quote(cut.delimiter()), -1)));
    if (cut.index() < 0) {
      parts.add(0, value);
    } else if (cut.index() >= parts.size()) {
      parts.add(value);
    } else {
      parts.set(cut.index(), value);
    }
    return String.join(cut.delimiter(), parts);
  }
}
