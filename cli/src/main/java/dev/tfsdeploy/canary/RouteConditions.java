package dev.tfsdeploy.canary;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.RouteParentStatus;
import java.util.List;

/** Reads an HTTPRoute's status as the Gateway controller writes it, per parent Gateway. */
final class RouteConditions {
  private RouteConditions() {}

  /** Every parent the route names has accepted it ({@code Accepted=True}). */
  static boolean accepted(HTTPRoute route) {
    if (route.getStatus() == null || route.getStatus().getParents() == null) {
      return false;
    }
    List<RouteParentStatus> parents = route.getStatus().getParents();
    return !parents.isEmpty()
        && parents.size() >= route.getSpec().getParentRefs().size()
        && parents.stream().allMatch(RouteConditions::acceptedBy);
  }

  private static boolean acceptedBy(RouteParentStatus parent) {
    List<Condition> conditions = parent.getConditions();
    return conditions != null
        && conditions.stream()
            .anyMatch(c -> "Accepted".equals(c.getType()) && "True".equals(c.getStatus()));
  }
}
