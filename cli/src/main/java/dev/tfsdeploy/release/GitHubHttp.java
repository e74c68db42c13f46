package dev.tfsdeploy.release;

import dev.tfsdeploy.UserError;
import dev.tfsdeploy.net.NetworkFailures;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import okhttp3.Call;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * The HTTP connection to GitHub: OkHttp clients for API calls and for asset transfers, sharing one
 * connection pool, and retries of transient failures under a {@link RetryPolicy}.
 */
public final class GitHubHttp implements AutoCloseable {
  private final GitHubEndpoint endpoint;
  private final RetryPolicy retryPolicy;
  private final DownloadListener listener;
  private final OkHttpClient client;
  private final OkHttpClient transferClient;

  public GitHubHttp(GitHubEndpoint endpoint, RetryPolicy retryPolicy, DownloadListener listener) {
    this.endpoint = endpoint;
    this.retryPolicy = retryPolicy;
    this.listener = listener;
    // API calls follow redirects (GitHub answers 301 for a renamed repository); OkHttp drops the
    // Authorization header itself should one lead to another host.
    this.client =
        new OkHttpClient.Builder()
            .connectTimeout(Duration.ofSeconds(30))
            .readTimeout(Duration.ofSeconds(60))
            .addInterceptor(new ApiHeaders(endpoint))
            .build();
    // Asset transfers follow redirects hop by hop themselves (see AssetDownloader), and a
    // StallWatchdog replaces the read timeout (see there why). Same pool and headers.
    this.transferClient =
        client
            .newBuilder()
            .followRedirects(false)
            .followSslRedirects(false)
            .readTimeout(Duration.ZERO)
            .build();
  }

  GitHubEndpoint endpoint() {
    return endpoint;
  }

  DownloadListener listener() {
    return listener;
  }

  /** A retry budget for one operation. */
  Retries retries() {
    return retryPolicy.start(listener);
  }

  /**
   * Sends {@code request}, retrying connection failures and transient statuses within {@code
   * retries}; returns the first response that is final (success or not). The caller closes it.
   */
  Response send(Request request, Retries retries, String operation) {
    return send(client, request, retries, operation, null);
  }

  /** Like {@link #send}, for a response whose body is a transfer that {@code watchdog} guards. */
  Response stream(Request request, Retries retries, String operation, StallWatchdog watchdog) {
    return send(transferClient, request, retries, operation, watchdog);
  }

  private Response send(
      OkHttpClient via,
      Request request,
      Retries retries,
      String operation,
      StallWatchdog watchdog) {
    while (true) {
      Response response;
      try {
        Call call = via.newCall(request);
        if (watchdog != null) {
          watchdog.watch(call);
        }
        response = call.execute();
      } catch (IOException e) {
        if (NetworkFailures.isUnresolvedHost(e)) {
          throw unresolved(request.url().host(), e);
        }
        retries.awaitNextAttempt(
            operation,
            "connection to " + request.url().host() + " failed: " + e.getMessage(),
            Optional.empty());
        continue;
      }
      Optional<TransientFailure> failure =
          TransientFailure.of(response, retryPolicy.clock().instant());
      if (failure.isEmpty()) {
        return response;
      }
      response.close();
      retries.awaitNextAttempt(operation, failure.get().reason(), failure.get().serverWait());
    }
  }

  /** No retries: the next lookup of a name that did not resolve fails the same way. */
  private static UserError unresolved(String host, IOException e) {
    return new UserError(
        "cannot reach GitHub: host " + host + " does not resolve (no network, or a wrong name)",
        "check the network and --github-api-url (or GITHUB_API_URL); without a network, start"
            + " from a model archive on disk (run --local --archive FILE)",
        e);
  }

  @Override
  public void close() {
    client.dispatcher().executorService().shutdown();
    client.connectionPool().evictAll();
  }
}
