package dev.tfsdeploy.overlay;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tfsdeploy.UserError;
import dev.tfsdeploy.experiments.ExperimentOverlaysTest;
import dev.tfsdeploy.experiments.Experiments;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * {@link ManifestSchema} (the shipped schema text) against {@link Fabric8Binding} (Fabric8's model
 * classes bound by Jackson) on every checked object the project's experiments and the kustomize
 * corpus render, and on mutations of each: an unknown field added to every object and map in it,
 * and every value replaced by a list or a map where it was something else. Both must accept and
 * refuse the same objects, naming the same unknown field.
 */
class ManifestSchemaAgreementTest {
  private static final String UNKNOWN = "zzNotAField";

  @Test
  void refusesTheSameUnknownFieldsAsFabric8sModel() {
    int mutations = 0;
    for (RenderedObject object : checkedObjects()) {
      for (Map<String, Object> mutant :
          mutants(
              object.content(),
              node -> node instanceof Map<?, ?> ? withUnknown(node) : null,
              true)) {
        assertSameVerdict(object, mutant);
        mutations++;
      }
    }
    assertThat(mutations).as("mutations tried").isGreaterThan(1000);
  }

  @Test
  void refusesTheSameStructuralTypeMismatchesAsFabric8sModel() {
    int mutations = 0;
    for (RenderedObject object : checkedObjects()) {
      for (Map<String, Object> mutant :
          mutants(
              object.content(),
              node ->
                  node instanceof List<?> ? new LinkedHashMap<>(Map.of("a", "b")) : List.of("a"),
              false)) {
        assertSameVerdict(object, mutant);
        mutations++;
      }
    }
    assertThat(mutations).as("mutations tried").isGreaterThan(1000);
  }

  private static void assertSameVerdict(RenderedObject object, Map<String, Object> mutant) {
    Fabric8Binding.Verdict expected = Fabric8Binding.of(mutant);
    Fabric8Binding.Verdict actual = verdict(object, mutant);
    if (expected instanceof Fabric8Binding.Verdict.WrongType) {
      // Jackson's path may stop at the list or object holding the value; the kind is what counts.
      assertThat(actual).as("%s", mutant).isInstanceOf(Fabric8Binding.Verdict.WrongType.class);
    } else {
      assertThat(actual).as("%s", mutant).isEqualTo(expected);
    }
  }

  private static Fabric8Binding.Verdict verdict(
      RenderedObject object, Map<String, Object> content) {
    RenderedObject mutant =
        new RenderedObject(
            object.apiVersion(), object.kind(), object.name(), object.namespace(), content, "");
    try {
      ManifestSchema.check(mutant, "s");
      return new Fabric8Binding.Verdict.Accepted();
    } catch (UserError e) {
      String prefix = "s: " + object.kind() + " " + object.name() + ": ";
      String message = e.getMessage().substring(prefix.length());
      return message.startsWith("unknown field ")
          ? new Fabric8Binding.Verdict.UnknownField(message.substring("unknown field ".length()))
          : new Fabric8Binding.Verdict.WrongType(message.substring(0, message.indexOf(' ')));
    }
  }

  @Test
  void refusesBeyondFabric8sModelOnlyScalarsJacksonWouldCoerce() {
    // Jackson turns true into "true" for a string field; the API server refuses it, and so does
    // the schema (ManifestSchemaTest shows the message).
    for (RenderedObject object : renderedObjects()) {
      Fabric8Binding.Verdict actual = verdict(object, object.content());
      if (Fabric8Binding.of(object.content()) instanceof Fabric8Binding.Verdict.Accepted
          && !(actual instanceof Fabric8Binding.Verdict.Accepted)) {
        assertThat(actual).isInstanceOf(Fabric8Binding.Verdict.WrongType.class);
        assertThat(valueAt(object.content(), ((Fabric8Binding.Verdict.WrongType) actual).path()))
            .as("%s in %s", actual, object.name())
            .isInstanceOfAny(Number.class, Boolean.class, String.class);
      }
    }
  }

  /** The value at a path such as spec.containers[0].args[2]. */
  private static Object valueAt(Object node, String path) {
    for (String step : path.split("\\.")) {
      String field = step.contains("[") ? step.substring(0, step.indexOf('[')) : step;
      node = ((Map<?, ?>) node).get(field);
      for (String index : step.substring(field.length()).replace("]", "").split("\\[")) {
        if (!index.isEmpty()) {
          node = ((List<?>) node).get(Integer.parseInt(index));
        }
      }
    }
    return node;
  }

  /**
   * The built-in objects (those the schema checks) the experiments and the corpus render that both
   * checkers accept as they are.
   */
  static List<RenderedObject> checkedObjects() {
    List<RenderedObject> objects = new ArrayList<>();
    for (RenderedObject object : renderedObjects()) {
      if (Fabric8Binding.of(object.content()) instanceof Fabric8Binding.Verdict.Accepted
          && verdict(object, object.content()) instanceof Fabric8Binding.Verdict.Accepted) {
        objects.add(object);
      }
    }
    assertThat(objects).as("objects checked").hasSizeGreaterThan(100);
    return objects;
  }

  private static List<RenderedObject> renderedObjects() {
    List<Path> directories = new ArrayList<>();
    Experiments experiments = new Experiments(ExperimentOverlaysTest.kubeDir());
    experiments.names().forEach(name -> directories.add(experiments.directory(name)));
    Path corpus = KustomizeCorpus.compiled();
    for (String name : KustomizeCorpus.cases(corpus)) {
      if (!KustomizeCorpus.Expected.of(corpus.resolve(name)).refused()) {
        directories.add(corpus.resolve(name));
      }
    }
    List<RenderedObject> objects = new ArrayList<>();
    for (Path directory : directories) {
      for (RenderedObject object :
          Kustomization.load(directory).render(RenderOptions.DEFAULT).objects()) {
        if (Fabric8Binding.of(object.content()) != null) {
          objects.add(object);
        }
      }
    }
    return objects;
  }

  private static Object withUnknown(Object node) {
    Map<Object, Object> copy = new LinkedHashMap<>((Map<?, ?>) node);
    copy.put(UNKNOWN, "x");
    return copy;
  }

  /**
   * The object once for each node (the root too if {@code withRoot}) that {@code mutation} replaces
   * (null: left alone), with only that node replaced.
   */
  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> mutants(
      Map<String, Object> object, UnaryOperator<Object> mutation, boolean withRoot) {
    List<Object> mutants = new ArrayList<>();
    if (withRoot) {
      mutants.add(mutation.apply(object));
    }
    collect(object, mutation, UnaryOperator.identity(), mutants, true);
    return (List<Map<String, Object>>) (List<?>) mutants;
  }

  /** Adds to {@code out} the whole object with each mutated node put back by {@code rebuild}. */
  private static void collect(
      Object node,
      UnaryOperator<Object> mutation,
      UnaryOperator<Object> rebuild,
      List<Object> out,
      boolean root) {
    if (!root) {
      Object replaced = mutation.apply(node);
      if (replaced != null) {
        out.add(rebuild.apply(replaced));
      }
    }
    if (node instanceof Map<?, ?> map) {
      for (Object key : map.keySet()) {
        if (root && (key.equals("apiVersion") || key.equals("kind"))) {
          continue;
        }
        collect(
            map.get(key),
            mutation,
            child -> {
              Map<Object, Object> copy = new LinkedHashMap<>(map);
              copy.put(key, child);
              return rebuild.apply(copy);
            },
            out,
            false);
      }
    } else if (node instanceof List<?> list) {
      for (int i = 0; i < list.size(); i++) {
        int index = i;
        collect(
            list.get(i),
            mutation,
            child -> {
              List<Object> copy = new ArrayList<>(list);
              copy.set(index, child);
              return rebuild.apply(copy);
            },
            out,
            false);
      }
    }
  }
}
