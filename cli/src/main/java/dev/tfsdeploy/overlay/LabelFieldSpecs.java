package dev.tfsdeploy.overlay;

import dev.tfsdeploy.UserError;
import dev.tfsdeploy.overlay.KustomizationFile.LabelSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Where one {@code labels} entry writes its pairs, as kustomize's label transformer config: the
 * entry's own {@code fields}, then the builtin specs its flags choose (every object's metadata, the
 * templates, or the selectors too), a builtin spec dropped when one of the fields already covers it
 * (its path, and selected by its group/version/kind: a field for {@code metadata/labels} of one
 * kind keeps the builtin one for every kind out), and refused when the two disagree on {@code
 * create}.
 */
final class LabelFieldSpecs {
  private LabelFieldSpecs() {}

  /** The {@code fields} of a labels entry: {group, version, kind, path, create} each. */
  static List<FieldSpec> parse(KustomizationFile.Reader r, Map<String, Object> entry, String at) {
    List<FieldSpec> specs = new ArrayList<>();
    int i = 0;
    for (Map<String, Object> field : r.maps(entry, "fields", at + ".fields")) {
      String fieldAt = at + ".fields[" + i++ + "]";
      r.only(field, fieldAt, "group", "version", "kind", "path", "create");
      specs.add(
          FieldSpec.of(
              r.string(field, "group", fieldAt + ".group"),
              r.string(field, "version", fieldAt + ".version"),
              r.string(field, "kind", fieldAt + ".kind"),
              r.required(field, "path", fieldAt),
              r.bool(field, "create", fieldAt)));
    }
    return specs;
  }

  /**
   * {@code commonLabels}: the builtin selector-and-label specs plus any {@code configurations}
   * added.
   */
  static List<FieldSpec> of(LabelSet set, List<FieldSpec> commonLabels, String file) {
    List<FieldSpec> builtin =
        set.includeSelectors()
            ? commonLabels
            : set.includeTemplates() ? FieldSpecs.TEMPLATE_LABELS : FieldSpecs.METADATA_LABELS;
    List<FieldSpec> specs = new ArrayList<>(set.fields());
    for (FieldSpec spec : builtin) {
      FieldSpec same =
          specs.stream().filter(s -> TransformerConfig.covers(s, spec)).findFirst().orElse(null);
      if (same == null) {
        specs.add(spec);
      } else if (same.create() != spec.create()) {
        throw new UserError(
            file
                + ": labels field "
                + describe(same)
                + " says create: "
                + same.create()
                + " where kustomize's own label field says create: "
                + spec.create()
                + " (conflicting fieldspecs)",
            "set create: "
                + spec.create()
                + " on it, or remove it (the builtin field already gets the labels)");
      }
    }
    return specs;
  }

  private static String describe(FieldSpec spec) {
    String gvk =
        String.join(
            "/", List.of(orEmpty(spec.group()), orEmpty(spec.version()), orEmpty(spec.kind())));
    return "'" + spec.path() + "'" + (gvk.equals("//") ? "" : " of " + gvk);
  }

  private static String orEmpty(String value) {
    return value == null ? "" : value;
  }
}
