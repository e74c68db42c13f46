package dev.tfsdeploy.cluster.rollout;

import java.util.Map;
import java.util.Optional;

/**
 * What is deployed: the experiment and image the last deploy stamped, the revision, how many
 * replicas are ready, and the provenance annotations. {@code model} is filled in separately, from
 * the server itself.
 */
public record AppStatus(
    String namespace,
    String deployment,
    Optional<String> experiment,
    String image,
    Optional<String> digest,
    long revision,
    int desired,
    int ready,
    int updated,
    int available,
    String rollout,
    Map<String, String> provenance) {}
