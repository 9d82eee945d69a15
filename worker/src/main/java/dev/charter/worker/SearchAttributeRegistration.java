package dev.charter.worker;

import dev.charter.workflow.TaskSearchAttributes;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.api.operatorservice.v1.AddSearchAttributesRequest;
import io.temporal.api.operatorservice.v1.ListSearchAttributesRequest;
import io.temporal.api.operatorservice.v1.ListSearchAttributesResponse;
import io.temporal.common.SearchAttributeKey;
import io.temporal.serviceclient.OperatorServiceStubs;
import io.temporal.serviceclient.OperatorServiceStubsOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes sure the namespace knows {@link TaskSearchAttributes} before the worker polls: the workflow
 * upserts them, and a server refuses unknown attributes (the task would stall). Adds them through
 * the OperatorService; when that is refused (no permission on a cluster) and they are not all there
 * already, the worker does not start and says which command creates them.
 */
final class SearchAttributeRegistration {

  private static final Logger log = LoggerFactory.getLogger(SearchAttributeRegistration.class);

  private SearchAttributeRegistration() {}

  static void ensure(WorkflowServiceStubs stubs, String namespace) {
    Map<String, IndexedValueType> wanted = new LinkedHashMap<>();
    for (SearchAttributeKey<?> key : TaskSearchAttributes.ALL) {
      wanted.put(key.getName(), key.getValueType());
    }
    OperatorServiceStubs operator =
        OperatorServiceStubs.newServiceStubs(
            OperatorServiceStubsOptions.newBuilder()
                .setChannel(stubs.getRawChannel())
                .validateAndBuildWithDefaults());
    try {
      Map<String, IndexedValueType> missing = new LinkedHashMap<>();
      Status.Code refusal = null;
      for (Map.Entry<String, IndexedValueType> attribute : wanted.entrySet()) {
        try {
          operator
              .blockingStub()
              .addSearchAttributes(
                  AddSearchAttributesRequest.newBuilder()
                      .setNamespace(namespace)
                      .putSearchAttributes(attribute.getKey(), attribute.getValue())
                      .build());
        } catch (StatusRuntimeException refused) {
          if (refused.getStatus().getCode() != Status.Code.ALREADY_EXISTS) {
            missing.put(attribute.getKey(), attribute.getValue());
            refusal = refused.getStatus().getCode();
          }
        }
      }
      if (!missing.isEmpty()) {
        // No permission to add, or an answer we do not know: they may exist all the same.
        missing.keySet().removeAll(existing(operator, namespace).keySet());
      }
      if (!missing.isEmpty()) {
        throw new IllegalStateException(
            "search attributes "
                + missing.keySet()
                + " are not registered in namespace `"
                + namespace
                + "` and could not be added ("
                + refusal
                + "); create them with: "
                + missing.entrySet().stream()
                    .map(
                        e ->
                            "temporal operator search-attribute create --namespace "
                                + namespace
                                + " --name "
                                + e.getKey()
                                + " --type "
                                + cliType(e.getValue()))
                    .collect(Collectors.joining(" && ")));
      }
      log.info("search attributes registered namespace={} names={}", namespace, wanted.keySet());
    } finally {
      operator.shutdown();
    }
  }

  private static Map<String, IndexedValueType> existing(
      OperatorServiceStubs operator, String namespace) {
    try {
      ListSearchAttributesResponse response =
          operator
              .blockingStub()
              .listSearchAttributes(
                  ListSearchAttributesRequest.newBuilder().setNamespace(namespace).build());
      return response.getCustomAttributesMap();
    } catch (StatusRuntimeException unavailable) {
      return Map.of();
    }
  }

  static String cliType(IndexedValueType type) {
    return switch (type) {
      case INDEXED_VALUE_TYPE_KEYWORD -> "Keyword";
      case INDEXED_VALUE_TYPE_KEYWORD_LIST -> "KeywordList";
      case INDEXED_VALUE_TYPE_BOOL -> "Bool";
      case INDEXED_VALUE_TYPE_INT -> "Int";
      case INDEXED_VALUE_TYPE_DOUBLE -> "Double";
      case INDEXED_VALUE_TYPE_DATETIME -> "Datetime";
      default -> "Text";
    };
  }
}
