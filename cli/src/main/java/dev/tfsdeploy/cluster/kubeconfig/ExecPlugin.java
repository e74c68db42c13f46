package dev.tfsdeploy.cluster.kubeconfig;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A kubeconfig user that gets its token from {@code tfs-deploy token} as a client-go exec
 * credential plugin, so kubectl, Fabric8 and anything else reading the kubeconfig get a fresh token
 * whenever the last one expires, instead of a copy that dies after an hour.
 *
 * @param launcher the command that starts tfs-deploy (see {@link JavaLauncher})
 * @param credentials the Google credentials file the token command should use, if pinned
 */
public record ExecPlugin(List<String> launcher, Optional<Path> credentials) {
  public static final String API_VERSION = "client.authentication.k8s.io/v1";
  static final String SUBCOMMAND = "token";
  static final String CREDENTIALS_OPTION = "--credentials";

  public ExecPlugin {
    if (launcher.isEmpty()) {
      throw new IllegalArgumentException("exec plugin needs a launcher command");
    }
    launcher = List.copyOf(launcher);
  }

  /** The full command line client-go runs. */
  public List<String> commandLine() {
    List<String> line = new ArrayList<>(launcher);
    line.add(SUBCOMMAND);
    credentials.ifPresent(
        file -> {
          line.add(CREDENTIALS_OPTION);
          line.add(file.toString());
        });
    return line;
  }

  /** The {@code user} body of a kubeconfig user entry. */
  public Map<String, Object> userEntry() {
    List<String> line = commandLine();
    Map<String, Object> exec = new LinkedHashMap<>();
    exec.put("apiVersion", API_VERSION);
    exec.put("command", line.get(0));
    exec.put("args", line.subList(1, line.size()));
    exec.put("interactiveMode", "Never");
    exec.put("provideClusterInfo", false);
    exec.put(
        "installHint",
        "this user runs `tfs-deploy token`; rerun `tfs-deploy setup` if the tfs-deploy jar or Java"
            + " has moved");
    Map<String, Object> user = new LinkedHashMap<>();
    user.put("exec", exec);
    return user;
  }

  /**
   * The plugin a kubeconfig user entry runs, when it is tfs-deploy's token command (so callers in
   * this process can fetch the same token directly instead of starting a JVM per client).
   */
  public static Optional<ExecPlugin> fromUserEntry(Map<String, Object> user) {
    if (!(user.get("exec") instanceof Map<?, ?> exec)
        || !(exec.get("command") instanceof String command)) {
      return Optional.empty();
    }
    List<String> line = new ArrayList<>();
    line.add(command);
    if (exec.get("args") instanceof List<?> args) {
      args.forEach(arg -> line.add(String.valueOf(arg)));
    }
    boolean isTfsDeploy =
        line.stream().anyMatch(arg -> arg.contains("tfs-deploy") || arg.contains("dev.tfsdeploy"));
    int token = line.lastIndexOf(SUBCOMMAND);
    if (!isTfsDeploy || token < 1) {
      return Optional.empty();
    }
    List<String> rest = line.subList(token + 1, line.size());
    if (rest.isEmpty()) {
      return Optional.of(new ExecPlugin(line.subList(0, token), Optional.empty()));
    }
    if (rest.size() == 2 && rest.get(0).equals(CREDENTIALS_OPTION)) {
      return Optional.of(new ExecPlugin(line.subList(0, token), Optional.of(Path.of(rest.get(1)))));
    }
    return Optional.empty();
  }
}
