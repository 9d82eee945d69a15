package dev.charter.starter.api;

import dev.charter.activities.authorization.PolicyAdministration.NotAuthorizedException;
import dev.charter.policy.BundleException;
import dev.charter.starter.TaskGateway.ApprovalRefusedException;
import dev.charter.starter.TaskGateway.TaskConflictException;
import dev.charter.starter.TaskGateway.TaskRejectedException;
import io.temporal.client.WorkflowNotFoundException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** Turns failures into JSON errors that name the bad value. */
@RestControllerAdvice
public class ApiErrors {

  @ExceptionHandler(HttpMessageNotReadableException.class)
  ResponseEntity<Map<String, Object>> malformed(HttpMessageNotReadableException e) {
    Throwable cause = e.getMostSpecificCause();
    String detail = cause.getMessage() == null ? e.getMessage() : cause.getMessage();
    // Jackson appends the source excerpt after a newline; the first line names the problem.
    String first = detail.lines().findFirst().orElse(detail);
    String where = "";
    if (cause instanceof com.fasterxml.jackson.core.JsonProcessingException json
        && json.getLocation() != null) {
      where =
          " (line "
              + json.getLocation().getLineNr()
              + ", column "
              + json.getLocation().getColumnNr()
              + ")";
    }
    return error(HttpStatus.BAD_REQUEST, "malformed JSON: " + first + where, List.of());
  }

  @ExceptionHandler(TaskRejectedException.class)
  ResponseEntity<Map<String, Object>> rejected(TaskRejectedException e) {
    return error(HttpStatus.BAD_REQUEST, e.getMessage(), e.problems());
  }

  @ExceptionHandler(TaskConflictException.class)
  ResponseEntity<Map<String, Object>> conflict(TaskConflictException e) {
    return error(HttpStatus.CONFLICT, e.getMessage(), List.of());
  }

  @ExceptionHandler(ApprovalRefusedException.class)
  ResponseEntity<Map<String, Object>> refused(ApprovalRefusedException e) {
    return error(HttpStatus.FORBIDDEN, e.getMessage(), List.of());
  }

  @ExceptionHandler(BundleException.class)
  ResponseEntity<Map<String, Object>> bundleRejected(BundleException e) {
    return error(HttpStatus.BAD_REQUEST, e.getMessage(), e.problems());
  }

  @ExceptionHandler(NotAuthorizedException.class)
  ResponseEntity<Map<String, Object>> notAuthorized(NotAuthorizedException e) {
    return error(
        e.identified() ? HttpStatus.FORBIDDEN : HttpStatus.UNAUTHORIZED, e.getMessage(), List.of());
  }

  @ExceptionHandler(IllegalArgumentException.class)
  ResponseEntity<Map<String, Object>> badArgument(IllegalArgumentException e) {
    return error(HttpStatus.BAD_REQUEST, e.getMessage(), List.of());
  }

  @ExceptionHandler(WorkflowNotFoundException.class)
  ResponseEntity<Map<String, Object>> notFound(WorkflowNotFoundException e) {
    return error(
        HttpStatus.NOT_FOUND, "no task `" + e.getExecution().getWorkflowId() + "`", List.of());
  }

  private static ResponseEntity<Map<String, Object>> error(
      HttpStatus status, String message, List<String> problems) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("error", message);
    if (!problems.isEmpty()) {
      body.put("problems", problems);
    }
    return ResponseEntity.status(status).body(body);
  }
}
