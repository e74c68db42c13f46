package dev.tfsdeploy.overlay;

import dev.tfsdeploy.UserError;
import dev.tfsdeploy.yaml.GoScalars;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * kustomize's legacy {@code vars} of one build: each kustomization's vars are collected after its
 * transformers, each bound to the one object its objref matches among that kustomization's objects
 * (a name may be defined once in the whole build); once names and references are final, every
 * {@code $(NAME)} in the builtin varReference fields becomes the value of the bound object's
 * fieldref. Substitution follows kustomize's expansion package: {@code $$} is a literal {@code $},
 * an unknown name stays as written, and a field that is exactly one reference takes the value's
 * type.
 */
final class Vars {
  /** A var as written: name, the object it reads (objref) and the field (fieldref.fieldPath). */
  record Var(String name, ResId objref, String fieldPath, String file) {
    /** kustomize's matcher: any namespace unless the objref names one (or the kind has none). */
    boolean refersTo(ResId id) {
      boolean anyNamespace = objref.namespace().isEmpty() && !Kinds.isClusterScoped(objref);
      return objref.sameGvk(id)
          && objref.name().equals(id.name())
          && (anyNamespace || objref.effectiveNamespace().equals(id.effectiveNamespace()));
    }

    String describe() {
      return "'" + name + "' (objref " + objref.withApiVersion() + ", fieldref " + fieldPath + ")";
    }
  }

  /** varReference of kustomize v5's builtin field specs: where $(NAME) is replaced. */
  static final List<FieldSpec> VAR_REFERENCE = varReference();

  private static final Object UNRESOLVED = new Object();

  private final List<Var> vars = new ArrayList<>();

  /**
   * The object each var was bound to when its kustomization merged it (kustomize's RefVarNames).
   */
  private final Map<String, Resource> bound = new HashMap<>();

  private static List<FieldSpec> varReference() {
    List<FieldSpec> specs = new ArrayList<>();
    Map<String, String> podSpecs = new LinkedHashMap<>();
    podSpecs.put("CronJob", "spec/jobTemplate/spec/template/spec/");
    for (String kind : List.of("DaemonSet", "Deployment", "Job", "ReplicaSet", "StatefulSet")) {
      podSpecs.put(kind, "spec/template/spec/");
    }
    podSpecs.put("Pod", "spec/");
    podSpecs.forEach(
        (kind, podSpec) -> {
          for (String containers : List.of("containers", "initContainers")) {
            for (String field : List.of("args", "command", "env/value", "volumeMounts/mountPath")) {
              specs.add(FieldSpec.of(kind, podSpec + containers + "/" + field, false));
            }
          }
          // kustomize lists NFS servers for the pod specs of all but CronJob and StatefulSet (whose
          // volume claim templates it lists instead).
          if (!kind.equals("CronJob") && !kind.equals("StatefulSet")) {
            specs.add(FieldSpec.of(kind, podSpec + "volumes/nfs/server", false));
          }
        });
    specs.add(FieldSpec.of("StatefulSet", "spec/volumeClaimTemplates/spec/nfs/server", false));
    specs.add(FieldSpec.of("PersistentVolume", "spec/nfs/server", false));
    specs.add(FieldSpec.of("Ingress", "spec/rules/host", false));
    specs.add(FieldSpec.of("Ingress", "spec/tls/hosts", false));
    specs.add(FieldSpec.of("Ingress", "spec/tls/secretName", false));
    specs.add(FieldSpec.of("Service", "spec/ports/port", false));
    specs.add(FieldSpec.of("Service", "spec/ports/targetPort", false));
    specs.add(FieldSpec.all("metadata/labels", false));
    specs.add(FieldSpec.all("metadata/annotations", false));
    return specs;
  }

  /** kustomize's MergeVars: one object at most may match, and each name is defined once. */
  void merge(List<Var> incoming, List<Resource> resources) {
    for (Var v : incoming) {
      List<Resource> matched = matching(v, resources);
      for (Var existing : vars) {
        if (existing.name.equals(v.name)) {
          throw new UserError(
              v.file
                  + ": var '"
                  + v.name
                  + "' already encountered (defined in "
                  + existing.file
                  + ")",
              "give the var another name, or define it once");
        }
      }
      vars.add(v);
      if (!matched.isEmpty()) {
        bound.put(v.name, matched.get(0));
      }
    }
  }

  private static List<Resource> matching(Var v, List<Resource> resources) {
    List<Resource> matched =
        resources.stream().filter(r -> r.ids().stream().anyMatch(v::refersTo)).toList();
    if (matched.size() > 1) {
      throw new UserError(
          v.file
              + ": found "
              + matched.size()
              + " objects for var "
              + v.describe()
              + " (unable to disambiguate)",
          "set objref.namespace (or apiVersion) so it names one object");
    }
    return matched;
  }

  /**
   * kustomize's ResolveVars, run on the finished objects, in the builtin varReference fields and
   * those {@code configurations} added.
   */
  void resolve(List<Resource> resources, List<FieldSpec> configured) {
    if (vars.isEmpty()) {
      return;
    }
    Map<String, Object> values = new HashMap<>();
    for (Var v : vars) {
      Resource object = bound.get(v.name);
      if (object == null || resources.stream().noneMatch(r -> r == object)) {
        throw new UserError(
            v.file
                + ": var "
                + v.describe()
                + " cannot be mapped to a field in the set of known"
                + " resources",
            "fix its objref (kind, name and apiVersion of an object in the build)");
      }
      // kustomize reads a fieldref's "ports[0]" as "ports.0".
      String path =
          v.fieldPath
              .replaceAll("(?<=^|[^.])\\[([0-9]+)\\](?=\\.|$)", ".$1")
              .replaceAll("^\\.", "");
      Object value = FieldPath.source(object, path, v.file + ": var '" + v.name + "'").get();
      values.put(
          v.name,
          value instanceof String
                  || value instanceof Long
                  || value instanceof BigInteger
                  || value instanceof Double
                  || value instanceof Boolean
              ? value
              : UNRESOLVED);
    }
    List<FieldSpec> specs = new ArrayList<>(VAR_REFERENCE);
    configured.stream().filter(spec -> !VAR_REFERENCE.contains(spec)).forEach(specs::add);
    for (Resource resource : resources) {
      for (FieldSpec spec : specs) {
        if (spec.appliesTo(resource)) {
          spec.apply(resource.object(), node -> substitute(node, values, resource));
        }
      }
    }
  }

  @SuppressWarnings("unchecked")
  private static Object substitute(Object node, Map<String, Object> values, Resource resource) {
    if (node instanceof String text) {
      return expand(text, values);
    }
    if (node instanceof Map<?, ?> map) {
      ((Map<String, Object>) map)
          .replaceAll((key, value) -> value instanceof String text ? expand(text, values) : value);
    } else if (node instanceof List<?> list) {
      List<Object> elements = (List<Object>) list;
      for (int i = 0; i < elements.size(); i++) {
        if (!(elements.get(i) instanceof String text)) {
          throw new UserError(
              resource.origin()
                  + ": a list element in "
                  + resource.id()
                  + " where vars are replaced is not a string",
              "quote it");
        }
        elements.set(i, expand(text, values));
      }
    }
    return node;
  }

  /** kustomize's expansion.Expand. */
  static Object expand(String input, Map<String, Object> values) {
    StringBuilder out = new StringBuilder();
    int checkpoint = 0;
    for (int cursor = 0; cursor < input.length(); cursor++) {
      if (input.charAt(cursor) != '$' || cursor + 1 >= input.length()) {
        continue;
      }
      out.append(input, checkpoint, cursor);
      char next = input.charAt(cursor + 1);
      int advance = 1;
      if (next == '$') {
        out.append('$');
      } else if (next == '(') {
        int close = input.indexOf(')', cursor + 2);
        if (close < 0) {
          out.append("$(");
        } else {
          String name = input.substring(cursor + 2, close);
          Object value = values.getOrDefault(name, UNRESOLVED);
          Object mapped = value == UNRESOLVED ? "$(" + name + ")" : value;
          if (input.equals("$(" + name + ")")) {
            return mapped;
          }
          out.append(
              mapped instanceof String text
                  ? text
                  : mapped instanceof Double d
                      ? GoScalars.formatFloatG(d)
                      : GoScalars.formatNumberOrBool(mapped));
          advance = close - cursor;
        }
      } else {
        out.append('$').append(next);
      }
      cursor += advance;
      checkpoint = cursor + 1;
    }
    return out.append(input.substring(Math.min(checkpoint, input.length()))).toString();
  }
}
