package dev.tfsdeploy.release;

import java.io.IOException;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Adds GitHub's API headers to each request, credentials only when the request goes to the API's
 * own origin. Asset downloads follow their redirects hop by hop as separate calls, so every hop
 * passes here: the token never rides along to the storage host a download redirects to.
 */
final class ApiHeaders implements Interceptor {
  static final String API_VERSION = "2022-11-28";

  private final GitHubEndpoint endpoint;

  ApiHeaders(GitHubEndpoint endpoint) {
    this.endpoint = endpoint;
  }

  @Override
  public Response intercept(Chain chain) throws IOException {
    Request request = chain.request();
    Request.Builder builder = request.newBuilder().header("User-Agent", endpoint.userAgent());
    if (endpoint.isApiOrigin(request.url())) {
      builder.header("X-GitHub-Api-Version", API_VERSION);
      endpoint.token().ifPresent(token -> builder.header("Authorization", "Bearer " + token));
    } else {
      builder.removeHeader("Authorization");
    }
    return chain.proceed(builder.build());
  }
}
