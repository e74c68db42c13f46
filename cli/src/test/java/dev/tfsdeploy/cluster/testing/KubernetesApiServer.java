package dev.tfsdeploy.cluster.testing;

import io.fabric8.kubernetes.api.model.APIGroupBuilder;
import io.fabric8.kubernetes.api.model.APIGroupListBuilder;
import io.fabric8.kubernetes.api.model.APIResource;
import io.fabric8.kubernetes.api.model.APIResourceBuilder;
import io.fabric8.kubernetes.api.model.APIResourceListBuilder;
import io.fabric8.kubernetes.api.model.APIVersionsBuilder;
import io.fabric8.kubernetes.api.model.GroupVersionForDiscoveryBuilder;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.NamespacedKubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.net.InetAddress;
import java.util.HashMap;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/**
 * A Kubernetes API server for tests: Fabric8's mock server in CRUD mode over HTTPS (its self-signed
 * certificate names 127.0.0.1 and localhost), plus the discovery documents kubectl reads first, and
 * bearer-token authentication: requests whose token the given predicate rejects get a 401 {@code
 * Status}, as a real API server answers.
 */
public final class KubernetesApiServer implements AutoCloseable {
  /**
   * Fabric8's mock logs every request at INFO through java.util.logging; tests want quiet. Held
   * here because java.util.logging keeps loggers (and the level set on them) only weakly.
   */
  @SuppressWarnings("UnusedVariable")
  private static final java.util.logging.Logger MOCK_LOG = quiet("io.fabric8.mockwebserver");

  private final KubernetesMockServer server;
  private final List<String> authorizations = new CopyOnWriteArrayList<>();
  private final Predicate<String> validToken;

  public KubernetesApiServer(Predicate<String> validToken) {
    this.validToken = validToken;
    this.server =
        new KubernetesMockServer(
            new Context(),
            new MockWebServer(),
            new HashMap<>(),
            new AuthenticatingDispatcher(),
            true);
    server.init(InetAddress.getLoopbackAddress(), 0);
  }

  /** host:port, as the GKE API reports a cluster's {@code endpoint}. */
  public String endpoint() {
    return MockApiServerAddress.endpoint(server);
  }

  /**
   * The server certificate, base64-encoded PEM, as GKE's {@code masterAuth.clusterCaCertificate}.
   */
  public String caData() {
    return MockApiServerAddress.caData(server);
  }

  /** A client holding the test's own admin token, for seeding and reading state; not recorded. */
  public NamespacedKubernetesClient adminClient() {
    return server.createClient(
        builder -> builder.editOrNewConfig().withOauthToken(ADMIN_TOKEN).endConfig());
  }

  /** Every Authorization header received, in order (null where none was sent). */
  public List<String> authorizations() {
    return List.copyOf(authorizations);
  }

  static final String ADMIN_TOKEN = "test-admin-token";

  private final class AuthenticatingDispatcher extends Dispatcher {
    private final KubernetesCrudDispatcher crud = new KubernetesCrudDispatcher();

    @Override
    public MockResponse dispatch(RecordedRequest request) {
      String authorization = request.getHeader("Authorization");
      String token = authorization == null ? "" : authorization.replaceFirst("^Bearer ", "");
      if (!token.equals(ADMIN_TOKEN)) {
        authorizations.add(authorization);
        if (!validToken.test(token)) {
          return json(
              401,
              new StatusBuilder()
                  .withStatus("Failure")
                  .withMessage("Unauthorized")
                  .withReason("Unauthorized")
                  .withCode(401)
                  .build());
        }
      }
      String path = request.getPath().replaceFirst("\\?.*$", "");
      return switch (path) {
        case "/api" -> json(200, new APIVersionsBuilder().withVersions("v1").build());
        case "/api/v1" ->
            json(
                200,
                new APIResourceListBuilder()
                    .withGroupVersion("v1")
                    .withResources(
                        resource("pods", "Pod", true),
                        resource("services", "Service", true),
                        resource("configmaps", "ConfigMap", true),
                        resource("events", "Event", true),
                        resource("namespaces", "Namespace", false))
                    .build());
        case "/apis" ->
            json(
                200,
                new APIGroupListBuilder()
                    .withGroups(
                        new APIGroupBuilder()
                            .withName("apps")
                            .withVersions(
                                new GroupVersionForDiscoveryBuilder()
                                    .withGroupVersion("apps/v1")
                                    .withVersion("v1")
                                    .build())
                            .withPreferredVersion(
                                new GroupVersionForDiscoveryBuilder()
                                    .withGroupVersion("apps/v1")
                                    .withVersion("v1")
                                    .build())
                            .build())
                    .build());
        case "/apis/apps/v1" ->
            json(
                200,
                new APIResourceListBuilder()
                    .withGroupVersion("apps/v1")
                    .withResources(
                        resource("deployments", "Deployment", true),
                        resource("replicasets", "ReplicaSet", true))
                    .build());
        default -> crud.dispatch(request);
      };
    }

    private APIResource resource(String name, String kind, boolean namespaced) {
      return new APIResourceBuilder()
          .withName(name)
          .withKind(kind)
          .withNamespaced(namespaced)
          .withVerbs("create", "delete", "get", "list", "patch", "update", "watch")
          .build();
    }

    private MockResponse json(int code, Object body) {
      return new MockResponse()
          .setResponseCode(code)
          .addHeader("Content-Type", "application/json")
          .setBody(Serialization.asJson(body));
    }
  }

  private static java.util.logging.Logger quiet(String name) {
    java.util.logging.Logger logger = java.util.logging.Logger.getLogger(name);
    logger.setLevel(java.util.logging.Level.WARNING);
    return logger;
  }

  @Override
  public void close() {
    server.destroy();
  }
}
