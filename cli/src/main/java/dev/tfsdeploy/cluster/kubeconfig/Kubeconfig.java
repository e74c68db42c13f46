package dev.tfsdeploy.cluster.kubeconfig;

import dev.tfsdeploy.UserError;
import dev.tfsdeploy.yaml.YamlInput;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.representer.Representer;

/**
 * A kubeconfig document, edited the way gcloud edits one: named clusters, users and contexts are
 * replaced or appended, everything else in the file (other entries, preferences, extensions) is
 * kept as it was.
 */
public final class Kubeconfig {
  private static final List<String> SECTIONS = List.of("clusters", "users", "contexts");
  private final Map<String, Object> document;

  private Kubeconfig(Map<String, Object> document) {
    this.document = document;
  }

  /** A kubeconfig with no entries, as gcloud starts one. */
  public static Kubeconfig empty() {
    Map<String, Object> document = new LinkedHashMap<>();
    document.put("apiVersion", "v1");
    document.put("kind", "Config");
    document.put("preferences", new LinkedHashMap<>());
    document.put("current-context", "");
    for (String section : SECTIONS) {
      document.put(section, new ArrayList<>());
    }
    return new Kubeconfig(document);
  }

  /**
   * Parses a kubeconfig; an empty text is an empty kubeconfig.
   *
   * @param source names the file in errors
   */
  public static Kubeconfig parse(String yaml, String source) {
    Object loaded;
    try {
      YamlInput.check(yaml, source);
      loaded = new Yaml(new SafeConstructor(YamlInput.options())).load(yaml);
    } catch (YAMLException e) {
      throw invalid(source, "not YAML (" + e.getMessage().replaceAll("\\s+", " ") + ")", e);
    }
    if (loaded == null) {
      return empty();
    }
    if (!(loaded instanceof Map<?, ?> map)) {
      throw invalid(source, "not a YAML mapping", null);
    }
    Map<String, Object> document = new LinkedHashMap<>();
    map.forEach((key, value) -> document.put(String.valueOf(key), value));
    for (String section : SECTIONS) {
      Object entries = document.get(section);
      if (entries == null) {
        document.put(section, new ArrayList<>());
      } else if (!(entries instanceof List<?> list)
          || !list.stream().allMatch(Map.class::isInstance)) {
        throw invalid(source, "\"" + section + "\" is not a list of named entries", null);
      } else {
        document.put(section, new ArrayList<>(list));
      }
    }
    return new Kubeconfig(document);
  }

  private static UserError invalid(String source, String reason, Throwable cause) {
    return new UserError(
        "existing kubeconfig " + source + " is invalid: " + reason,
        "fix or remove it, or write elsewhere with --kubeconfig PATH",
        cause);
  }

  public void putCluster(String name, Map<String, Object> cluster) {
    put("clusters", name, "cluster", cluster);
  }

  public void putUser(String name, Map<String, Object> user) {
    put("users", name, "user", user);
  }

  public void putContext(String name, String cluster, String user) {
    Map<String, Object> context = new LinkedHashMap<>();
    context.put("cluster", cluster);
    context.put("user", user);
    put("contexts", name, "context", context);
  }

  public void setCurrentContext(String name) {
    document.put("current-context", name);
  }

  public Optional<String> currentContext() {
    return Optional.ofNullable(document.get("current-context"))
        .map(String::valueOf)
        .filter(name -> !name.isEmpty());
  }

  /** The body of a cluster entry ({@code server}, {@code certificate-authority-data}, ...). */
  public Optional<Map<String, Object>> cluster(String name) {
    return body("clusters", name, "cluster");
  }

  /** The body of a user entry ({@code exec}, {@code token}, ...). */
  public Optional<Map<String, Object>> user(String name) {
    return body("users", name, "user");
  }

  /** The body of a context entry ({@code cluster}, {@code user}, {@code namespace}). */
  public Optional<Map<String, Object>> context(String name) {
    return body("contexts", name, "context");
  }

  /** The names in one section, in file order. */
  public List<String> names(String section) {
    return entries(section).stream().map(entry -> String.valueOf(entry.get("name"))).toList();
  }

  public String toYaml() {
    DumperOptions options = new DumperOptions();
    options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
    options.setIndent(2);
    options.setWidth(Integer.MAX_VALUE);
    return new Yaml(new Representer(options), options).dump(document);
  }

  private void put(String section, String name, String bodyKey, Map<String, Object> body) {
    Map<String, Object> entry = new LinkedHashMap<>();
    entry.put("name", name);
    entry.put(bodyKey, body);
    List<Map<String, Object>> entries = entries(section);
    for (int i = 0; i < entries.size(); i++) {
      if (name.equals(String.valueOf(entries.get(i).get("name")))) {
        entries.set(i, entry);
        return;
      }
    }
    entries.add(entry);
  }

  @SuppressWarnings("unchecked")
  private Optional<Map<String, Object>> body(String section, String name, String bodyKey) {
    return entries(section).stream()
        .filter(entry -> name.equals(String.valueOf(entry.get("name"))))
        .findFirst()
        .map(entry -> entry.get(bodyKey))
        .filter(Map.class::isInstance)
        .map(body -> (Map<String, Object>) body);
  }

  @SuppressWarnings("unchecked")
  private List<Map<String, Object>> entries(String section) {
    return (List<Map<String, Object>>) document.get(section);
  }
}
