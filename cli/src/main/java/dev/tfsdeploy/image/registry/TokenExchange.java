package dev.tfsdeploy.image.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.List;
import okhttp3.Credentials;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * The Docker token flow: a registry that answers {@code 401} with a {@code Bearer} challenge is
 * sent to its token service ({@code realm}) for a token covering the scopes asked for, with the
 * login as Basic credentials when there is one (anonymous otherwise).
 */
final class TokenExchange {
  private static final ObjectMapper JSON = new ObjectMapper();

  private TokenExchange() {}

  static String token(
      OkHttpClient http, AuthChallenge challenge, List<String> scopes, RegistryAccess access)
      throws IOException {
    HttpUrl realm =
        challenge
            .parameter("realm")
            .map(HttpUrl::parse)
            .orElseThrow(() -> new IOException("Bearer challenge without a realm"));
    HttpUrl.Builder url = realm.newBuilder();
    challenge.parameter("service").ifPresent(service -> url.addQueryParameter("service", service));
    scopes.forEach(scope -> url.addQueryParameter("scope", scope));
    Request.Builder request = new Request.Builder().url(url.build());
    if (access.login().isPresent() && (realm.isHttps() || access.credentialsOverHttp())) {
      RegistryAccess.Login login = access.login().get();
      request.header("Authorization", Credentials.basic(login.username(), login.password()));
    }
    try (Response response = http.newCall(request.build()).execute()) {
      if (response.code() != 200) {
        throw new RegistryResponseException("token request to " + realm.host(), response.code());
      }
      JsonNode body = JSON.readTree(response.body().byteStream());
      String token = body.path("token").asText(body.path("access_token").asText(""));
      if (token.isEmpty()) {
        throw new IOException("the token service of " + access.registry() + " returned no token");
      }
      access.secrets().accept(token);
      return token;
    }
  }
}
