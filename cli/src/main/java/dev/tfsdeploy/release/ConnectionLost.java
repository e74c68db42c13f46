package dev.tfsdeploy.release;

import java.io.IOException;

/**
 * The transfer broke off on the network side: worth resuming, unlike a failure to write the file.
 */
final class ConnectionLost extends IOException {
  ConnectionLost(String message) {
    super(message);
  }
}
