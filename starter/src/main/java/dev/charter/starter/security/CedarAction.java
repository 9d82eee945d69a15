package dev.charter.starter.security;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The Cedar action a REST handler method is: before the handler runs, {@link RouteAuthorization}
 * asks the active bundle whether the authenticated caller ({@code Charter::Human}) may do it on the
 * resource. Every handler of the API carries one; the application refuses to start when one does
 * not, and {@code RouteTableIT} walks every route with refused callers.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface CedarAction {

  /** The resource is the task named by the route's {@code {taskId}} path variable. */
  String TASK = "{taskId}";

  /** Reserved task ids of the worker's tenant, for routes about no one task. */
  String TASKS = "_tasks";

  String POLICY = "_policy";

  String ROUTES = "_routes";

  String CODEC = "_codec";

  String AUDIT_KEY = "_audit";

  /** The Cedar action, e.g. {@code view_task}; declared in the bundle's schema. */
  String value();

  /** The {@code Charter::Task} the action is on: {@link #TASK} or a reserved id. */
  String resource() default TASK;
}
