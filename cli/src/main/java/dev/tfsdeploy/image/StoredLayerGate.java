package dev.tfsdeploy.image;

import com.google.cloud.tools.jib.api.LogEvent;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Holds Jib back from a stored layer until tfs-deploy has written it into the cache (and sent it),
 * so that Jib does everything else meanwhile (its logins, the base's manifest, the small model
 * layers) and then finds the layer built and already in the registry.
 *
 * <p>Jib announces each application layer with the log event "Building NAME layer...", sent on the
 * thread that is about to look the layer up in the cache; held there, no other step of Jib waits
 * but the ones that need the layer. Jib's version is pinned; should an upgrade change the message,
 * Jib would not wait and would build the layer itself (gzip), which the builder's tests notice: the
 * image would not have the stored layer's digest.
 */
final class StoredLayerGate implements Consumer<LogEvent> {
  private static final Pattern BUILDING = Pattern.compile("Building (.+) layer\\.\\.\\.");

  private final StoredLayers layers;

  StoredLayerGate(StoredLayers layers) {
    this.layers = layers;
  }

  @Override
  public void accept(LogEvent event) {
    Matcher building = BUILDING.matcher(event.getMessage());
    if (building.matches()) {
      layers.awaitWritten(building.group(1));
    }
  }
}
