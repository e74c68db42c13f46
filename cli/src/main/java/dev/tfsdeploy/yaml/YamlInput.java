package dev.tfsdeploy.yaml;

import dev.tfsdeploy.UserError;
import java.util.ArrayList;
import java.util.List;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.composer.Composer;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * The one owner of the limits on YAML the CLI reads from users (kustomizations, resources, patches,
 * manifests, kubeconfigs): size, nesting, and how far aliases may expand. A hostile document fails
 * with a one-line error in time linear in its length, before anything expands it.
 */
public final class YamlInput {
  /** The longest text read, in code points. */
  static final int MAX_CODE_POINTS = 64 * 1024 * 1024;

  /** The deepest nesting, aliases expanded (Kubernetes objects nest about 15 levels). */
  static final int MAX_DEPTH = 100;

  /**
   * Aliases of collections; go-yaml has no such count, {@link AliasBudget} is the rule kubectl
   * applies.
   */
  private static final int MAX_COLLECTION_ALIASES = 10_000;

  private YamlInput() {}

  /**
   * SnakeYAML's options with these limits, for a parser that builds objects from {@link #check}ed
   * text.
   */
  public static LoaderOptions options() {
    LoaderOptions options = new LoaderOptions();
    options.setCodePointLimit(MAX_CODE_POINTS);
    options.setNestingDepthLimit(MAX_DEPTH);
    options.setMaxAliasesForCollections(MAX_COLLECTION_ALIASES);
    options.setAllowRecursiveKeys(false);
    return options;
  }

  /**
   * The documents of {@code text} composed with {@code resolver}, each checked against the limits;
   * {@code source} names the text in errors. Syntax errors are SnakeYAML's {@link YAMLException}.
   */
  public static List<Node> compose(String text, String source, Resolver resolver) {
    LoaderOptions options = options();
    List<Node> documents = new ArrayList<>();
    try {
      Composer composer =
          new Composer(
              new ParserImpl(new WholeTextReader(text, source), options), resolver, options);
      while (composer.checkNode()) {
        Node document = composer.getNode();
        AliasBudget.check(document, source);
        documents.add(document);
      }
    } catch (MarkedYAMLException e) {
      throw e;
    } catch (YAMLException e) {
      throw limitOr(e, source);
    }
    return documents;
  }

  /** Fails unless {@code text} is YAML within the limits; for parsers this class does not run. */
  public static void check(String text, String source) {
    compose(text, source, new Resolver());
  }

  private static RuntimeException limitOr(YAMLException e, String source) {
    String message = String.valueOf(e.getMessage());
    if (message.startsWith("Number of aliases")) {
      return new UserError(
          source
              + ": the YAML document contains excessive aliasing (more than "
              + MAX_COLLECTION_ALIASES
              + " aliases of collections)",
          "write the repeated parts out instead of aliasing them");
    }
    if (message.startsWith("Nesting Depth")) {
      return new UserError(
          source + ": the YAML nests deeper than " + MAX_DEPTH + " levels", "flatten the document");
    }
    if (message.contains("exceeds the limit")) {
      return new UserError(
          source + " is longer than " + MAX_CODE_POINTS + " characters",
          "split it into smaller files");
    }
    return e;
  }
}
