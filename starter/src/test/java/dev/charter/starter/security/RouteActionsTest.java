package dev.charter.starter.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;

/** The route-table check the application runs at start and {@code RouteTableIT} relies on. */
class RouteActionsTest {

  static class Handlers {
    @CedarAction("view_task")
    public String guarded() {
      return "";
    }

    public String unguarded() {
      return "";
    }

    @CedarAction("view_task")
    public String onTaskWithoutTaskId() {
      return "";
    }
  }

  static HandlerMethod handler(String name) throws NoSuchMethodException {
    return new HandlerMethod(new Handlers(), Handlers.class.getMethod(name));
  }

  @Test
  void should_name_a_route_whose_handler_has_no_cedar_action() throws Exception {
    assertThat(
            RouteActions.problems(
                Map.of(
                    RequestMappingInfo.paths("/api/tasks/{taskId}").build(),
                    handler("guarded"),
                    RequestMappingInfo.paths("/api/new-thing").build(),
                    handler("unguarded"))))
        .singleElement()
        .asString()
        .contains("/api/new-thing")
        .contains("Handlers#unguarded")
        .contains("has no @CedarAction");
  }

  @Test
  void should_refuse_a_task_action_on_a_route_without_a_task_id() throws Exception {
    assertThat(
            RouteActions.problems(
                Map.of(
                    RequestMappingInfo.paths("/api/tasks").build(),
                    handler("onTaskWithoutTaskId"))))
        .singleElement()
        .asString()
        .contains("is on {taskId} but the route has no such path variable");
  }

  @Test
  void should_refuse_a_handler_where_the_dashboard_is_served_without_a_token() throws Exception {
    assertThat(
            RouteActions.problems(
                Map.of(
                    RequestMappingInfo.paths("/dashboard/tasks/{taskId}").build(),
                    handler("guarded"))))
        .singleElement()
        .asString()
        .contains("/dashboard/ serves static files without a token");
  }

  @Test
  void should_pass_a_table_whose_every_route_has_an_action() throws Exception {
    assertThat(
            RouteActions.problems(
                Map.of(
                    RequestMappingInfo.paths("/api/tasks/{taskId}").build(), handler("guarded"))))
        .isEmpty();
  }
}
