package dev.charter.starter.security;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;

/**
 * Which Cedar action each handler of the route table is. Charter's handlers say it with {@link
 * CedarAction}; the few handlers the framework brings are named here, in this one place: the
 * OpenAPI document and its UI ({@code view_api_docs}) and Spring Boot's error page (public: it only
 * renders an error another dispatch already decided).
 */
public final class RouteActions {

  /** The framework's error page: the only route without a Cedar action. */
  static final String ERROR_CONTROLLER =
      "org.springframework.boot.autoconfigure.web.servlet.error.BasicErrorController";

  /** The OpenAPI document and its UI (springdoc). */
  static final String API_DOCS_PACKAGE = "org.springdoc.";

  static final CedarAction API_DOCS = action("view_api_docs", CedarAction.TASKS);

  /**
   * Where the dashboard's static files are served, without a token: they hold no data (the page
   * fetches everything from the API with the user's token), so no handler may answer here.
   */
  public static final String DASHBOARD = "/dashboard/";

  private RouteActions() {}

  /**
   * The handler's action; empty for the public error page.
   *
   * @throws IllegalStateException naming the handler when it has none
   */
  public static Optional<CedarAction> of(HandlerMethod handler) {
    CedarAction declared = handler.getMethodAnnotation(CedarAction.class);
    if (declared != null) {
      return Optional.of(declared);
    }
    String type = handler.getBeanType().getName();
    if (type.equals(ERROR_CONTROLLER)) {
      return Optional.empty();
    }
    if (type.startsWith(API_DOCS_PACKAGE)) {
      return Optional.of(API_DOCS);
    }
    throw new IllegalStateException(
        "route handler " + handler.getShortLogMessage() + " has no @CedarAction");
  }

  /**
   * Every problem of the route table: a handler without an action, an action on {@link
   * CedarAction#TASK} whose route has no {@code {taskId}}, or a handler under {@link #DASHBOARD}
   * (served without a token). Empty when every route is guarded.
   */
  public static List<String> problems(Map<RequestMappingInfo, HandlerMethod> routes) {
    List<String> problems = new ArrayList<>();
    routes.forEach(
        (info, handler) -> {
          Optional<CedarAction> action;
          try {
            action = of(handler);
          } catch (IllegalStateException e) {
            problems.add(info + ": " + e.getMessage());
            return;
          }
          Set<String> patterns = info.getPatternValues();
          if (patterns.stream().anyMatch(p -> p.startsWith(DASHBOARD) || p.equals("/dashboard"))) {
            problems.add(
                info
                    + ": "
                    + DASHBOARD
                    + " serves static files without a token; a handler may not answer there");
            return;
          }
          if (action.isPresent()
              && CedarAction.TASK.equals(action.get().resource())
              && patterns.stream().anyMatch(p -> !p.contains(CedarAction.TASK))) {
            problems.add(
                info
                    + ": @CedarAction(\""
                    + action.get().value()
                    + "\") is on {taskId} but the route has no such path variable");
          }
        });
    return problems;
  }

  private static CedarAction action(String value, String resource) {
    return new CedarAction() {
      @Override
      public String value() {
        return value;
      }

      @Override
      public String resource() {
        return resource;
      }

      @Override
      public Class<CedarAction> annotationType() {
        return CedarAction.class;
      }
    };
  }
}
