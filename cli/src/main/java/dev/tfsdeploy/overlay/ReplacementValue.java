package dev.tfsdeploy.overlay;

import dev.tfsdeploy.UserError;
import dev.tfsdeploy.overlay.FieldPath.Slot;
import dev.tfsdeploy.overlay.NodeText.Tag;
import dev.tfsdeploy.overlay.PathMatch.Leaf;
import dev.tfsdeploy.overlay.ReplacementRule.Source;
import dev.tfsdeploy.yaml.YamlReader;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What a replacement copies. Without options.delimiter it is the source field itself, read anew for
 * every write as kustomize reads its live node (so a target that changes the source is seen by
 * later targets); with it, one part of the field's text, cut once, keeping the field's tag.
 */
final class ReplacementValue {
  private final Resource owner;
  private final Slot field;
  private final String part;
  private final Tag partTag;
  private final String where;

  private ReplacementValue(Resource owner, Slot field, String part, Tag partTag, String where) {
    this.owner = owner;
    this.field = field;
    this.part = part;
    this.partTag = partTag;
    this.where = where;
  }

  static ReplacementValue read(Resource owner, Source source, String where) {
    Slot field = FieldPath.source(owner, source.fieldPath(), where);
    if (!source.cut().active()) {
      return new ReplacementValue(owner, field, null, null, where);
    }
    Object node = field.get();
    if (NodeText.isContainer(node)) {
      throw new UserError(
          where
              + ": options.delimiter needs a scalar, but fieldPath '"
              + source.fieldPath()
              + "' holds "
              + NodeText.kindOf(node),
          "point fieldPath at a string");
    }
    String text = new ReplacementValue(owner, field, null, null, where).text();
    String[] parts = text.split(Pattern.quote(source.cut().delimiter()), -1);
    int index = source.cut().index();
    if (index < 0 || index >= parts.length) {
      throw new UserError(
          where
              + ": options.index "
              + index
              + " is out of bounds for value '"
              + text
              + "' split on '"
              + source.cut().delimiter()
              + "' ("
              + parts.length
              + " parts)",
          "use an index from 0 to " + (parts.length - 1));
    }
    return new ReplacementValue(owner, null, parts[index], tag(owner, field, where), where);
  }

  /** The kind of node a create makes for this value. */
  Leaf leaf() {
    Object node = part != null ? part : field.get();
    return node instanceof Map<?, ?> ? Leaf.MAP : node instanceof List<?> ? Leaf.LIST : Leaf.SCALAR;
  }

  boolean isScalar() {
    return leaf() == Leaf.SCALAR;
  }

  /** The node's text (empty for a map or list), as kustomize copies it into scalar fields. */
  String text() {
    if (part != null) {
      return part;
    }
    Object node = field.get();
    String text = NodeText.text(node, owner);
    if (text == null) {
      throw new UserError(
          where
              + ": the source field holds "
              + NodeText.kindOf(node)
              + ", which may be spelled otherwise in "
              + owner.origin()
              + ", and kustomize copies its spelling",
          "write numbers and bools in the source's files "
              + "as Go prints them (31, not 0x1F; 1, not 1.0; true, not True), or quote the value");
    }
    return text;
  }

  /** The source's value itself, when a target node takes it whole (not just its text). */
  Object node(String path) {
    if (part == null) {
      if (isScalar() && tag(owner, field, where) == null) {
        throw unknownTag();
      }
      return Fields.copy(field.get());
    }
    if (partTag == null) {
      throw unknownTag();
    }
    return NodeText.typed(part, partTag, where, path);
  }

  /** The source field is a number or bool (not a string), whose text is its spelling. */
  boolean isSpelledValue() {
    return part == null && isScalar() && !(field.get() instanceof String);
  }

  /** Whether the copied node has no tag; refused when that is no longer known. */
  boolean untagged() {
    Tag tag = part != null ? partTag : tag(owner, field, where);
    if (tag == null) {
      throw unknownTag();
    }
    return tag == Tag.NONE;
  }

  /** Whether copying the node whole may copy spellings the parsed values lost. */
  boolean mayBeOddlySpelled() {
    return part == null && !(field.get() instanceof String) && owner.scalars().mayBeOdd();
  }

  /**
   * The scalar source node's tag, or null when unknown: for an annotation whose text reads as a
   * number or bool (annotations are kept as text here), or for a field an earlier replacement
   * created and a patch then rebuilt.
   */
  private static Tag tag(Resource owner, Slot field, String where) {
    Object node = field.get();
    if (field.isAnnotationOf(owner)
        && node instanceof String text
        && !(YamlReader.plainScalar(text, where, "") instanceof String)) {
      return null;
    }
    Boolean untagged = owner.scalars().untagged(field);
    return untagged == null ? null : untagged ? Tag.NONE : Tag.of(node);
  }

  private UserError unknownTag() {
    return new UserError(
        where
            + ": which YAML type kustomize gives the source field here is unknown to the renderer"
            + " (an annotation that reads as a number or bool, or a field an earlier replacement"
            + " created and a patch rebuilt)",
        "copy it into a string field, or set the value in the source's file");
  }
}
