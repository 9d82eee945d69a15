package dev.charter.starter.api;

import com.fasterxml.jackson.databind.JsonMappingException;
import dev.charter.activities.authorization.PolicyAdministration.NotAuthorizedException;
import dev.charter.client.ApprovalRefusedException;
import dev.charter.client.TaskAlreadyExistsException;
import dev.charter.client.TaskNotFoundException;
import dev.charter.contract.AuditFact;
import dev.charter.policy.BundleException;
import dev.charter.starter.ApprovalTokenRefusedException;
import dev.charter.starter.TaskGateway.TaskRejectedException;
import dev.charter.starter.security.AccessChain;
import dev.charter.starter.security.RouteAuthorization;
import io.temporal.client.WorkflowNotFoundException;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.security.Principal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.lang.Nullable;
import org.springframework.web.bind.MissingRequestHeaderException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.ServletRequestBindingException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Every error of the REST API as an RFC 9457 problem detail ({@code application/problem+json}):
 * {@code type}, {@code title}, {@code status}, {@code detail}, {@code instance}, and for bad input
 * an {@code errors} list whose entries name the bad {@code field} (a JSON path into the body, a
 * query parameter or a header) with a {@code detail} that quotes the bad value.
 */
@RestControllerAdvice
public class ApiErrors extends ResponseEntityExceptionHandler {

  /** Base of the problem {@code type} URIs; each names a kind of problem, documented in the API. */
  public static final String TYPE_BASE = "https://charter.dev/problems/";

  /** The body of a TaskRequest: problems of the catalog name these fields. */
  private static final Pattern QUOTED_FIELD =
      Pattern.compile(
          "`((?:taskId|profile|goal|riskTier|tenant|requestedBy|inputs)[\\w.\\[\\]]*)`");

  /** One bad value: where it is, and what is wrong with it. */
  public record FieldError(String field, String detail) {}

  private final ObjectProvider<AccessChain> access;

  public ApiErrors(ObjectProvider<AccessChain> access) {
    this.access = access;
  }

  @Override
  protected ResponseEntity<Object> handleHttpMessageNotReadable(
      HttpMessageNotReadableException e,
      HttpHeaders headers,
      HttpStatusCode status,
      WebRequest request) {
    Throwable cause = e.getMostSpecificCause();
    String detail =
        cause.getMessage() == null ? String.valueOf(e.getMessage()) : cause.getMessage();
    // Jackson appends the source excerpt after a newline; the first line names the problem.
    String first = detail.lines().findFirst().orElse(detail);
    String where = "";
    String field = "body";
    if (e.getCause() instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
      field = path(mapping);
    }
    if (cause instanceof com.fasterxml.jackson.core.JsonProcessingException json
        && json.getLocation() != null) {
      where =
          " (line "
              + json.getLocation().getLineNr()
              + ", column "
              + json.getLocation().getColumnNr()
              + ")";
    }
    String message = "malformed JSON: " + first + where;
    return problem(
        HttpStatus.BAD_REQUEST, "malformed-body", message, List.of(new FieldError(field, message)));
  }

  @Override
  protected ResponseEntity<Object> handleTypeMismatch(
      org.springframework.beans.TypeMismatchException e,
      HttpHeaders headers,
      HttpStatusCode status,
      WebRequest request) {
    String name =
        e instanceof MethodArgumentTypeMismatchException m ? m.getName() : e.getPropertyName();
    String expected = e.getRequiredType() == null ? "?" : e.getRequiredType().getSimpleName();
    String allowed = "";
    if (e.getRequiredType() != null && e.getRequiredType().isEnum()) {
      allowed = "; one of " + List.of(e.getRequiredType().getEnumConstants());
    }
    String message =
        "`" + name + "` must be a " + expected + allowed + ", got `" + e.getValue() + "`";
    return problem(
        HttpStatus.BAD_REQUEST, "bad-parameter", message, List.of(new FieldError(name, message)));
  }

  @Override
  protected ResponseEntity<Object> handleMissingServletRequestParameter(
      MissingServletRequestParameterException e,
      HttpHeaders headers,
      HttpStatusCode status,
      WebRequest request) {
    String message = "query parameter `" + e.getParameterName() + "` is required";
    return problem(
        HttpStatus.BAD_REQUEST,
        "bad-parameter",
        message,
        List.of(new FieldError(e.getParameterName(), message)));
  }

  @Override
  protected ResponseEntity<Object> handleServletRequestBindingException(
      ServletRequestBindingException e,
      HttpHeaders headers,
      HttpStatusCode status,
      WebRequest request) {
    if (e instanceof MissingRequestHeaderException header) {
      String message = "header `" + header.getHeaderName() + "` is required";
      return problem(
          HttpStatus.BAD_REQUEST,
          "bad-parameter",
          message,
          List.of(new FieldError(header.getHeaderName(), message)));
    }
    return problem(HttpStatus.BAD_REQUEST, "bad-parameter", e.getMessage(), List.of());
  }

  @Override
  protected ResponseEntity<Object> handleExceptionInternal(
      Exception e,
      @Nullable Object body,
      HttpHeaders headers,
      HttpStatusCode status,
      WebRequest request) {
    // Spring's own errors (405, 406, 415, 404 for no handler): problem details too, typed.
    ResponseEntity<Object> answer =
        super.handleExceptionInternal(e, body, headers, status, request);
    if (answer != null && answer.getBody() instanceof ProblemDetail problem) {
      if (problem.getType() == null || "about:blank".equals(problem.getType().toString())) {
        problem.setType(URI.create(TYPE_BASE + "http-" + status.value()));
      }
      return ResponseEntity.status(answer.getStatusCode())
          .headers(answer.getHeaders())
          .contentType(MediaType.APPLICATION_PROBLEM_JSON)
          .body(problem);
    }
    return answer;
  }

  @ExceptionHandler(TaskRejectedException.class)
  ResponseEntity<Object> rejected(TaskRejectedException e) {
    return problem(HttpStatus.BAD_REQUEST, "invalid-task", e.getMessage(), fieldsOf(e.problems()));
  }

  @ExceptionHandler(BundleException.class)
  ResponseEntity<Object> bundleRejected(BundleException e) {
    List<FieldError> errors = new ArrayList<>();
    for (String p : e.problems()) {
      errors.add(new FieldError("path", p));
    }
    return problem(HttpStatus.BAD_REQUEST, "invalid-bundle", e.getMessage(), errors);
  }

  @ExceptionHandler(BadFieldException.class)
  ResponseEntity<Object> badField(BadFieldException e) {
    return problem(
        HttpStatus.BAD_REQUEST,
        "bad-parameter",
        e.getMessage(),
        List.of(new FieldError(e.field(), e.getMessage())));
  }

  @ExceptionHandler(TaskAlreadyExistsException.class)
  ResponseEntity<Object> conflict(TaskAlreadyExistsException e) {
    return problem(
        HttpStatus.CONFLICT,
        "task-exists",
        e.getMessage(),
        List.of(new FieldError("taskId", e.getMessage())));
  }

  @ExceptionHandler(ApprovalTokenRefusedException.class)
  ResponseEntity<Object> noToken(ApprovalTokenRefusedException e) {
    return problem(HttpStatus.CONFLICT, "no-pending-approval", e.getMessage(), List.of());
  }

  @ExceptionHandler(ApprovalRefusedException.class)
  ResponseEntity<Object> refused(ApprovalRefusedException e, HttpServletRequest request) {
    record(request, HttpStatus.FORBIDDEN, e.getMessage());
    return problem(HttpStatus.FORBIDDEN, "approval-refused", e.getMessage(), List.of());
  }

  @ExceptionHandler(NotAuthorizedException.class)
  ResponseEntity<Object> notAuthorized(NotAuthorizedException e, HttpServletRequest request) {
    HttpStatus status = e.identified() ? HttpStatus.FORBIDDEN : HttpStatus.UNAUTHORIZED;
    record(request, status, e.getMessage());
    return e.identified()
        ? problem(HttpStatus.FORBIDDEN, "forbidden", e.getMessage(), List.of())
        : problem(
            HttpStatus.UNAUTHORIZED,
            "unauthenticated",
            e.getMessage(),
            List.of(new FieldError(HttpHeaders.AUTHORIZATION, e.getMessage())));
  }

  /** A refusal decided past authentication (Cedar, the approval validator): to the access chain. */
  private void record(HttpServletRequest request, HttpStatus status, String reason) {
    AccessChain chain = access.getIfAvailable();
    if (chain == null) {
      return;
    }
    Principal caller = request.getUserPrincipal();
    Object action = request.getAttribute(RouteAuthorization.ACTION_ATTRIBUTE);
    chain.refused(
        new AuditFact.AccessRefused(
            request.getMethod(),
            request.getRequestURI(),
            caller == null ? null : caller.getName(),
            action == null ? null : action.toString(),
            status.value(),
            reason));
  }

  @ExceptionHandler(IllegalArgumentException.class)
  ResponseEntity<Object> badArgument(IllegalArgumentException e) {
    return problem(HttpStatus.BAD_REQUEST, "bad-request", e.getMessage(), List.of());
  }

  @ExceptionHandler(TaskNotFoundException.class)
  ResponseEntity<Object> noTask(TaskNotFoundException e) {
    return problem(
        HttpStatus.NOT_FOUND,
        "no-such-task",
        e.getMessage(),
        List.of(new FieldError("taskId", e.getMessage())));
  }

  @ExceptionHandler(WorkflowNotFoundException.class)
  ResponseEntity<Object> notFound(WorkflowNotFoundException e) {
    String message = "no task `" + e.getExecution().getWorkflowId() + "`";
    return problem(
        HttpStatus.NOT_FOUND, "no-such-task", message, List.of(new FieldError("taskId", message)));
  }

  /** The TaskRequest field each catalog problem is about ({@code body} when none is named). */
  static List<FieldError> fieldsOf(List<String> problems) {
    List<FieldError> errors = new ArrayList<>();
    for (String p : problems) {
      Matcher quoted = QUOTED_FIELD.matcher(p);
      String field;
      if (quoted.find()) {
        field = quoted.group(1);
      } else if (p.contains("unknown profile")) {
        field = "profile";
      } else if (p.contains(" tenant ")) {
        field = "tenant";
      } else if (p.contains(" inputs")) {
        field = "inputs";
      } else {
        field = "body";
      }
      errors.add(new FieldError(field, p));
    }
    return errors;
  }

  private static String path(JsonMappingException e) {
    StringBuilder path = new StringBuilder();
    for (JsonMappingException.Reference ref : e.getPath()) {
      if (ref.getFieldName() != null) {
        if (path.length() > 0) {
          path.append('.');
        }
        path.append(ref.getFieldName());
      } else if (ref.getIndex() >= 0) {
        path.append('[').append(ref.getIndex()).append(']');
      }
    }
    return path.length() == 0 ? "body" : path.toString();
  }

  private static ResponseEntity<Object> problem(
      HttpStatus status, String type, String detail, List<FieldError> errors) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
    problem.setType(URI.create(TYPE_BASE + type));
    problem.setTitle(status.getReasonPhrase());
    if (!errors.isEmpty()) {
      problem.setProperties(Map.of("errors", errors));
    }
    return ResponseEntity.status(status)
        .contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .body(problem);
  }
}
