package dev.tfsdeploy.cluster.gke;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.container.v1.Cluster;
import com.google.container.v1.ControlPlaneEndpointsConfig;
import com.google.container.v1.MasterAuth;
import com.google.container.v1.PrivateClusterConfig;
import dev.tfsdeploy.UserError;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ClusterEndpointTest {
  static final ClusterId ID = new ClusterId("ml-prod", "us-central1", "serving");
  static final String DNS = "gke-0123456789abcdef-ml-prod.us-central1.gke.goog";

  static Cluster.Builder cluster() {
    return Cluster.newBuilder()
        .setName("serving")
        .setEndpoint("35.1.2.3")
        .setMasterAuth(MasterAuth.newBuilder().setClusterCaCertificate("LS0tCA=="))
        .setControlPlaneEndpointsConfig(
            ControlPlaneEndpointsConfig.newBuilder()
                .setIpEndpointsConfig(
                    ControlPlaneEndpointsConfig.IPEndpointsConfig.newBuilder().setEnabled(true))
                .setDnsEndpointConfig(
                    ControlPlaneEndpointsConfig.DNSEndpointConfig.newBuilder()
                        .setEndpoint(DNS)
                        .setAllowExternalTraffic(true)));
  }

  @Test
  void publicByDefaultWithTheClusterCa() {
    ClusterEndpoint endpoint = ClusterEndpoint.of(ID, cluster().build(), EndpointChoice.PUBLIC);

    assertThat(endpoint.server()).isEqualTo("https://35.1.2.3");
    assertThat(endpoint.caData()).contains("LS0tCA==");
  }

  @Test
  void whenIpAccessIsDisabledFallsBackToTheDnsEndpointAsGcloudDoes() {
    Cluster.Builder dnsOnly = cluster();
    dnsOnly.getControlPlaneEndpointsConfigBuilder().getIpEndpointsConfigBuilder().setEnabled(false);

    ClusterEndpoint endpoint = ClusterEndpoint.of(ID, dnsOnly.build(), EndpointChoice.PUBLIC);

    assertThat(endpoint.server()).isEqualTo("https://" + DNS);
    assertThat(endpoint.caData()).isEmpty();
    assertThat(endpoint.kind()).isEqualTo(EndpointChoice.DNS);
  }

  @Test
  void internalIpOfAClusterWithIpAccessDisabledIsRefused() {
    Cluster.Builder dnsOnly =
        cluster()
            .setPrivateClusterConfig(
                PrivateClusterConfig.newBuilder().setPrivateEndpoint("10.0.0.2"));
    dnsOnly.getControlPlaneEndpointsConfigBuilder().getIpEndpointsConfigBuilder().setEnabled(false);

    assertThatThrownBy(() -> ClusterEndpoint.of(ID, dnsOnly.build(), EndpointChoice.INTERNAL_IP))
        .isInstanceOf(UserError.class)
        .hasMessageContaining("IP access is disabled");
  }

  @Test
  void aDnsEndpointClosedToExternalTrafficIsRefused() {
    Cluster.Builder closed = cluster();
    closed
        .getControlPlaneEndpointsConfigBuilder()
        .getDnsEndpointConfigBuilder()
        .setAllowExternalTraffic(false);

    assertThatThrownBy(() -> ClusterEndpoint.of(ID, closed.build(), EndpointChoice.DNS))
        .isInstanceOf(UserError.class)
        .hasMessageContaining("does not allow external traffic")
        .extracting(e -> ((UserError) e).fix())
        .asString()
        .contains("--enable-dns-access");
  }

  @Test
  void aClusterStillProvisioningHasNoEndpointYet() {
    assertThatThrownBy(
            () -> ClusterEndpoint.of(ID, cluster().setEndpoint("").build(), EndpointChoice.PUBLIC))
        .isInstanceOf(UserError.class)
        .hasMessageContaining("has no endpoint (is it still PROVISIONING?)");
  }

  @Test
  void aClusterWithoutCaDataIsRefusedRatherThanTrustedBlindly() {
    assertThatThrownBy(
            () ->
                ClusterEndpoint.of(
                    ID,
                    cluster().setMasterAuth(MasterAuth.getDefaultInstance()).build(),
                    EndpointChoice.PUBLIC))
        .isInstanceOf(UserError.class)
        .hasMessageContaining("reports no CA certificate");
  }

  @Test
  void namesFollowGcloud() {
    assertThat(ID.kubeconfigName()).isEqualTo("gke_ml-prod_us-central1_serving");
    assertThat(ID.resourceName())
        .isEqualTo("projects/ml-prod/locations/us-central1/clusters/serving");
    assertThat(Optional.of(ID.parent())).contains("projects/ml-prod/locations/us-central1");
  }
}
