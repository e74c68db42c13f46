package dev.tfsdeploy.image.registry;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A {@code WWW-Authenticate} challenge (RFC 7235): its scheme and parameters, e.g. {@code Bearer
 * realm="https://auth.example/token",service="registry.example",scope="repository:a:pull,push"}.
 * Quoted values may hold commas; registries only ever send one challenge.
 *
 * @param scheme lowercased ({@code basic}, {@code bearer})
 */
record AuthChallenge(String scheme, Map<String, String> parameters) {

  static Optional<AuthChallenge> parse(String header) {
    if (header == null || header.isBlank()) {
      return Optional.empty();
    }
    String text = header.strip();
    int space = text.indexOf(' ');
    String scheme = (space < 0 ? text : text.substring(0, space)).toLowerCase(Locale.ROOT);
    Map<String, String> parameters = new LinkedHashMap<>();
    int i = space < 0 ? text.length() : space + 1;
    while (i < text.length()) {
      int equals = text.indexOf('=', i);
      if (equals < 0) {
        break;
      }
      String name = text.substring(i, equals).strip().toLowerCase(Locale.ROOT);
      StringBuilder value = new StringBuilder();
      i = equals + 1;
      while (i < text.length() && (text.charAt(i) == ' ' || text.charAt(i) == '\t')) {
        i++; // RFC 7235 allows whitespace around "="
      }
      if (i < text.length() && text.charAt(i) == '"') {
        for (i++; i < text.length() && text.charAt(i) != '"'; i++) {
          if (text.charAt(i) == '\\' && i + 1 < text.length()) {
            i++;
          }
          value.append(text.charAt(i));
        }
        i++; // the closing quote
      } else {
        for (; i < text.length() && text.charAt(i) != ','; i++) {
          value.append(text.charAt(i));
        }
      }
      parameters.put(name, value.toString().strip());
      int comma = text.indexOf(',', i);
      i = comma < 0 ? text.length() : comma + 1;
    }
    return Optional.of(new AuthChallenge(scheme, Map.copyOf(parameters)));
  }

  Optional<String> parameter(String name) {
    return Optional.ofNullable(parameters.get(name));
  }
}
