package dev.charter.starter.security;

import dev.charter.activities.authorization.HumanAuthorizer;
import dev.charter.activities.authorization.PolicyAdministration.NotAuthorizedException;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.security.Principal;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.HandlerMapping;

/**
 * Authorizes every REST call by Cedar before its handler runs: the authenticated caller (from the
 * bearer token, never from a header or body) as {@code Charter::Human}, the handler's {@link
 * CedarAction}, and as resource the route's task (its tenant from the task's pin) or a reserved id
 * of the worker's tenant. A refusal is a {@link NotAuthorizedException}: 403 when Cedar refused a
 * known human, 401 when the token names nobody the directory knows; {@code ApiErrors} answers it
 * and records it in the access chain.
 */
public final class RouteAuthorization implements HandlerInterceptor {

  /** Request attribute: the Cedar action of the route being called, for the access chain. */
  public static final String ACTION_ATTRIBUTE = RouteAuthorization.class.getName() + ".action";

  private final HumanAuthorizer humans;
  private final Function<String, Optional<String>> taskTenants;
  private final String tenant;

  /**
   * @param humans decides
   * @param taskTenants a task's tenant, empty when no such task
   * @param tenant the worker's tenant: the tenant of reserved resources and of unknown tasks
   */
  public RouteAuthorization(
      HumanAuthorizer humans, Function<String, Optional<String>> taskTenants, String tenant) {
    this.humans = humans;
    this.taskTenants = taskTenants;
    this.tenant = tenant;
  }

  @Override
  public boolean preHandle(
      HttpServletRequest request, HttpServletResponse response, Object handler) {
    if (request.getDispatcherType() != DispatcherType.REQUEST
        || !(handler instanceof HandlerMethod method)) {
      return true;
    }
    Optional<CedarAction> declared;
    try {
      declared = RouteActions.of(method);
    } catch (IllegalStateException unguarded) {
      // Fail closed; the application does not start with such a route, this is the second lock.
      throw new NotAuthorizedException(true, unguarded.getMessage());
    }
    if (declared.isEmpty()) {
      return true;
    }
    CedarAction action = declared.get();
    request.setAttribute(ACTION_ATTRIBUTE, action.value());
    Principal caller = request.getUserPrincipal();
    String resource = action.resource();
    String resourceTenant = tenant;
    if (CedarAction.TASK.equals(resource)) {
      resource = taskId(request);
      resourceTenant = taskTenants.apply(resource).orElse(tenant);
    }
    HumanAuthorizer.Answer answer =
        humans.decide(
            caller == null ? null : caller.getName(), action.value(), resource, resourceTenant);
    if (!answer.allowed()) {
      throw new NotAuthorizedException(answer.identified(), answer.reason());
    }
    return true;
  }

  private static String taskId(HttpServletRequest request) {
    @SuppressWarnings("unchecked")
    Map<String, String> variables =
        (Map<String, String>) request.getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE);
    String taskId = variables == null ? null : variables.get("taskId");
    if (taskId == null) {
      throw new NotAuthorizedException(true, "route " + request.getRequestURI() + " names no task");
    }
    return taskId;
  }
}
