package dev.tfsdeploy.overlay;

import dev.tfsdeploy.UserError;
import dev.tfsdeploy.overlay.KustomizationFile.Target;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A patch target as kustomize matches it: group, version, kind, name and namespace are anchored
 * regular expressions (name and namespace tried against the original and the current id), plus
 * Kubernetes label and annotation selectors.
 */
final class Selector {
  private final Target target;
  private final Predicate<Map<String, String>> labels;
  private final Predicate<Map<String, String>> annotations;

  Selector(Target target, String source) {
    this.target = target;
    this.labels = parse(target.labelSelector(), source);
    this.annotations = parse(target.annotationSelector(), source);
  }

  boolean matches(Resource resource) {
    ResId current = resource.id();
    ResId original = resource.originalId();
    return (regex(target.namespace(), original.effectiveNamespace())
            || regex(target.namespace(), current.effectiveNamespace()))
        && (regex(target.name(), original.name()) || regex(target.name(), current.name()))
        && regex(target.group(), current.group())
        && regex(target.version(), current.version())
        && regex(target.kind(), current.kind())
        && labels.test(resource.labels())
        && annotations.test(resource.annotations());
  }

  private static boolean regex(String pattern, String value) {
    if (pattern == null || pattern.isEmpty()) {
      return true;
    }
    try {
      return Pattern.compile("^(?:" + pattern + ")$").matcher(value).matches();
    } catch (PatternSyntaxException e) {
      throw new UserError(
          "invalid patch target pattern '" + pattern + "'", "fix the regular expression");
    }
  }

  /** Parses a Kubernetes label selector: k=v, k==v, k!=v, k, !k, k in (a,b), k notin (a,b). */
  static Predicate<Map<String, String>> parse(String selector, String source) {
    if (selector == null || selector.isBlank()) {
      return labels -> true;
    }
    List<Predicate<Map<String, String>>> terms = new ArrayList<>();
    for (String raw : splitTerms(selector)) {
      String term = raw.trim();
      java.util.regex.Matcher set =
          Pattern.compile("^([^\\s!=]+)\\s+(in|notin)\\s+\\(([^)]*)\\)$").matcher(term);
      if (set.matches()) {
        String key = set.group(1);
        Set<String> values = Set.copyOf(List.of(set.group(3).trim().split("\\s*,\\s*")));
        boolean in = set.group(2).equals("in");
        terms.add(labels -> labels.containsKey(key) ? in == values.contains(labels.get(key)) : !in);
      } else if (term.contains("!=")) {
        String[] kv = term.split("!=", 2);
        terms.add(labels -> !kv[1].trim().equals(labels.get(kv[0].trim())));
      } else if (term.contains("=")) {
        String[] kv = term.split("==?", 2);
        terms.add(labels -> kv[1].trim().equals(labels.get(kv[0].trim())));
      } else if (term.startsWith("!")) {
        String key = term.substring(1).trim();
        terms.add(labels -> !labels.containsKey(key));
      } else if (!term.isEmpty() && term.matches("[^\\s()]+")) {
        terms.add(labels -> labels.containsKey(term));
      } else {
        throw new UserError(
            source + ": invalid selector '" + selector + "'",
            "use Kubernetes label selector syntax");
      }
    }
    return labels -> terms.stream().allMatch(t -> t.test(labels));
  }

  private static List<String> splitTerms(String selector) {
    List<String> terms = new ArrayList<>();
    int depth = 0;
    StringBuilder current = new StringBuilder();
    for (char c : selector.toCharArray()) {
      if (c == '(') {
        depth++;
      } else if (c == ')') {
        depth--;
      }
      if (c == ',' && depth == 0) {
        terms.add(current.toString());
        current.setLength(0);
      } else {
        current.append(c);
      }
    }
    terms.add(current.toString());
    return terms;
  }
}
