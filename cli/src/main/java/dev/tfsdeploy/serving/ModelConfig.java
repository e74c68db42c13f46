package dev.tfsdeploy.serving;

import static dev.tfsdeploy.serving.ModelServerConfigProto.field;

import com.google.protobuf.DynamicMessage;
import com.google.protobuf.Message;
import com.google.protobuf.TextFormat;
import dev.tfsdeploy.UserError;
import dev.tfsdeploy.model.VersionNames;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * How TF Serving serves one model: its version policy and version labels ({@code stable=1}),
 * written as the text {@code ModelServerConfig} a server reads with {@code --model_config_file}.
 *
 * @param labels version labels by name
 */
public record ModelConfig(String modelName, VersionPolicy policy, SortedMap<String, Long> labels) {
  /** What a label may be called: it is also a path segment of the REST API (/labels/NAME). */
  private static final Pattern LABEL = Pattern.compile("[A-Za-z0-9_-]{1,128}");

  /** The only platform this tool builds images for. */
  private static final String PLATFORM = "tensorflow";

  private static final String FILE_FIX =
      "write model_config_list { config { name, base_path, model_version_policy, version_labels"
          + " } } as TF Serving documents it, or use --version-policy and --version-label";

  public ModelConfig {
    labels = new TreeMap<>(labels);
  }

  /**
   * The config {@code --version-policy} (empty: TF Serving's default) and {@code --version-label
   * NAME=V} options give.
   */
  public static ModelConfig fromOptions(String modelName, String policy, List<String> labels) {
    SortedMap<String, Long> parsed = new TreeMap<>();
    for (String label : labels) {
      int equals = label.indexOf('=');
      String name = equals < 0 ? label.strip() : label.substring(0, equals).strip();
      OptionalLong version =
          equals < 0
              ? OptionalLong.empty()
              : VersionNames.parse(label.substring(equals + 1).strip());
      if (version.isEmpty()) {
        throw new UserError(
            "--version-label '" + label + "' is not NAME=VERSION",
            "write e.g. --version-label stable=1 --version-label canary=2");
      }
      requireLabelName(name, "--version-label " + label);
      if (parsed.put(name, version.getAsLong()) != null) {
        throw new UserError(
            "--version-label " + name + " is given twice", "give each label one version");
      }
    }
    VersionPolicy parsedPolicy =
        policy == null || policy.isBlank() ? VersionPolicy.DEFAULT : VersionPolicy.parse(policy);
    return new ModelConfig(modelName, parsedPolicy, parsed);
  }

  /**
   * A ready {@code ModelServerConfig} text file, parsed by protobuf's TextFormat: one model, named
   * {@code modelName}, at {@code basePath} (or no base path), on the tensorflow platform.
   */
  public static ModelConfig read(Path file, String modelName, String basePath) {
    String text;
    try {
      text = Files.readString(file);
    } catch (IOException e) {
      throw new UserError(
          "cannot read --model-config " + file + ": " + e.getMessage(),
          "pass a readable ModelServerConfig text file",
          e);
    }
    DynamicMessage.Builder builder =
        DynamicMessage.newBuilder(ModelServerConfigProto.SERVER_CONFIG);
    try {
      TextFormat.getParser().merge(text, builder);
    } catch (TextFormat.ParseException e) {
      throw new UserError(
          "--model-config " + file + " is not a TF Serving ModelServerConfig: " + e.getMessage(),
          FILE_FIX,
          e);
    }
    return fromMessage(builder.build(), "--model-config " + file, modelName, basePath);
  }

  private static ModelConfig fromMessage(
      DynamicMessage server, String source, String modelName, String basePath) {
    var listField = field(ModelServerConfigProto.SERVER_CONFIG, "model_config_list");
    if (server.hasField(field(ModelServerConfigProto.SERVER_CONFIG, "custom_model_config"))
        || !server.hasField(listField)) {
      throw new UserError(source + " holds no model_config_list", FILE_FIX);
    }
    DynamicMessage list = (DynamicMessage) server.getField(listField);
    var configs = field(ModelServerConfigProto.CONFIG_LIST, "config");
    if (list.getRepeatedFieldCount(configs) != 1) {
      throw new UserError(
          source + " configures " + list.getRepeatedFieldCount(configs) + " models",
          "configure exactly one, the model the image serves ('" + modelName + "')");
    }
    DynamicMessage config = (DynamicMessage) list.getRepeatedField(configs, 0);
    String name = text(config, "name");
    if (!name.equals(modelName)) {
      throw new UserError(
          source + " configures model '" + name + "', not '" + modelName + "'",
          "set name: \"" + modelName + "\" in it, or pass --model-name " + name);
    }
    String path = text(config, "base_path");
    if (!path.isEmpty() && !path.equals(basePath)) {
      throw new UserError(
          source + " reads the model from base_path " + path + ", not from the image's " + basePath,
          "set base_path: \"" + basePath + "\" or leave it out");
    }
    String platform = text(config, "model_platform");
    if (!platform.isEmpty() && !platform.equals(PLATFORM)) {
      throw new UserError(
          source
              + " sets model_platform "
              + platform
              + "; the image serves a TensorFlow SavedModel",
          "set model_platform: \"" + PLATFORM + "\" or leave it out");
    }
    SortedMap<String, Long> labels = new TreeMap<>();
    var labelsField = field(ModelServerConfigProto.MODEL_CONFIG, "version_labels");
    for (int i = 0; i < config.getRepeatedFieldCount(labelsField); i++) {
      Message entry = (Message) config.getRepeatedField(labelsField, i);
      String label = (String) entry.getField(field(ModelServerConfigProto.LABEL_ENTRY, "key"));
      requireLabelName(label, source + " version_labels");
      labels.put(label, (Long) entry.getField(field(ModelServerConfigProto.LABEL_ENTRY, "value")));
    }
    return new ModelConfig(modelName, policy(config), labels);
  }

  private static VersionPolicy policy(DynamicMessage config) {
    var policyField = field(ModelServerConfigProto.MODEL_CONFIG, "model_version_policy");
    if (!config.hasField(policyField)) {
      return VersionPolicy.DEFAULT;
    }
    DynamicMessage policy = (DynamicMessage) config.getField(policyField);
    var latest = field(ModelServerConfigProto.POLICY, "latest");
    var specific = field(ModelServerConfigProto.POLICY, "specific");
    if (policy.hasField(latest)) {
      DynamicMessage message = (DynamicMessage) policy.getField(latest);
      int count = (Integer) message.getField(field(ModelServerConfigProto.LATEST, "num_versions"));
      return new VersionPolicy.Latest(Integer.toUnsignedLong(count));
    }
    if (policy.hasField(specific)) {
      DynamicMessage message = (DynamicMessage) policy.getField(specific);
      var versions = field(ModelServerConfigProto.SPECIFIC, "versions");
      SortedSet<Long> numbers = new TreeSet<>();
      for (int i = 0; i < message.getRepeatedFieldCount(versions); i++) {
        numbers.add((Long) message.getRepeatedField(versions, i));
      }
      return new VersionPolicy.Specific(numbers);
    }
    if (policy.hasField(field(ModelServerConfigProto.POLICY, "all"))) {
      return new VersionPolicy.All();
    }
    return VersionPolicy.DEFAULT; // an empty policy: TF Serving's default too
  }

  /**
   * The versions the policy serves of a model holding {@code versions}, after checking that every
   * version the policy names exists and every label names a served version (TF Serving refuses a
   * label on a version it does not serve).
   */
  public SortedSet<Long> served(SortedSet<Long> versions) {
    if (policy instanceof VersionPolicy.Specific specific) {
      for (Long version : specific.versions()) {
        if (!versions.contains(version)) {
          throw new UserError(
              "version policy "
                  + policy.describe()
                  + ": model '"
                  + modelName
                  + "' has no version "
                  + version
                  + " (it has "
                  + VersionPolicy.join(versions)
                  + ")",
              "name only versions the model holds");
        }
      }
    }
    SortedSet<Long> served = policy.served(versions);
    for (Map.Entry<String, Long> label : labels.entrySet()) {
      String named = "version label " + label.getKey() + "=" + label.getValue();
      if (!versions.contains(label.getValue())) {
        throw new UserError(
            named
                + ": model '"
                + modelName
                + "' has no version "
                + label.getValue()
                + " (it has "
                + VersionPolicy.join(versions)
                + ")",
            "label one of the model's versions");
      }
      if (!served.contains(label.getValue())) {
        throw new UserError(
            named
                + ": version policy "
                + policy.describe()
                + " does not serve version "
                + label.getValue()
                + " (it serves "
                + VersionPolicy.join(served)
                + ")",
            "label a served version, or widen the policy, e.g. --version-policy specific:"
                + VersionPolicy.join(union(served, label.getValue())));
      }
    }
    return served;
  }

  /** The config as TF Serving's text ModelServerConfig, reading the model from {@code basePath}. */
  public String text(String basePath) {
    DynamicMessage.Builder config =
        DynamicMessage.newBuilder(ModelServerConfigProto.MODEL_CONFIG)
            .setField(field(ModelServerConfigProto.MODEL_CONFIG, "name"), modelName)
            .setField(field(ModelServerConfigProto.MODEL_CONFIG, "base_path"), basePath)
            .setField(field(ModelServerConfigProto.MODEL_CONFIG, "model_platform"), PLATFORM)
            .setField(
                field(ModelServerConfigProto.MODEL_CONFIG, "model_version_policy"),
                policyMessage());
    labels.forEach(
        (label, version) ->
            config.addRepeatedField(
                field(ModelServerConfigProto.MODEL_CONFIG, "version_labels"),
                DynamicMessage.newBuilder(ModelServerConfigProto.LABEL_ENTRY)
                    .setField(field(ModelServerConfigProto.LABEL_ENTRY, "key"), label)
                    .setField(field(ModelServerConfigProto.LABEL_ENTRY, "value"), version)
                    .build()));
    DynamicMessage list =
        DynamicMessage.newBuilder(ModelServerConfigProto.CONFIG_LIST)
            .addRepeatedField(field(ModelServerConfigProto.CONFIG_LIST, "config"), config.build())
            .build();
    DynamicMessage server =
        DynamicMessage.newBuilder(ModelServerConfigProto.SERVER_CONFIG)
            .setField(field(ModelServerConfigProto.SERVER_CONFIG, "model_config_list"), list)
            .build();
    return TextFormat.printer().printToString(server);
  }

  private DynamicMessage policyMessage() {
    DynamicMessage choice;
    String member;
    if (policy instanceof VersionPolicy.Latest latest) {
      member = "latest";
      choice =
          DynamicMessage.newBuilder(ModelServerConfigProto.LATEST)
              .setField(field(ModelServerConfigProto.LATEST, "num_versions"), (int) latest.count())
              .build();
    } else if (policy instanceof VersionPolicy.Specific specific) {
      member = "specific";
      DynamicMessage.Builder builder = DynamicMessage.newBuilder(ModelServerConfigProto.SPECIFIC);
      specific
          .versions()
          .forEach(
              v -> builder.addRepeatedField(field(ModelServerConfigProto.SPECIFIC, "versions"), v));
      choice = builder.build();
    } else {
      member = "all";
      choice = DynamicMessage.getDefaultInstance(ModelServerConfigProto.ALL);
    }
    return DynamicMessage.newBuilder(ModelServerConfigProto.POLICY)
        .setField(field(ModelServerConfigProto.POLICY, member), choice)
        .build();
  }

  private static String text(DynamicMessage config, String name) {
    return ((String) config.getField(field(ModelServerConfigProto.MODEL_CONFIG, name))).strip();
  }

  private static void requireLabelName(String name, String where) {
    if (!LABEL.matcher(name).matches()) {
      throw new UserError(
          where + ": '" + name + "' is not a label name",
          "name labels with letters, digits, '-' and '_' (e.g. stable, canary)");
    }
  }

  private static SortedSet<Long> union(SortedSet<Long> versions, long more) {
    SortedSet<Long> all = new TreeSet<>(versions);
    all.add(more);
    return all;
  }
}
