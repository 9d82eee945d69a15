package dev.charter.worker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.charter.workflow.TaskSearchAttributes;
import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.api.operatorservice.v1.AddSearchAttributesRequest;
import io.temporal.serviceclient.OperatorServiceStubs;
import io.temporal.serviceclient.OperatorServiceStubsOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;

class SearchAttributeRegistrationTest {

  @Test
  void should_register_the_task_search_attributes_once_and_accept_them_when_already_there()
      throws IOException {
    try (EmbeddedTemporalServer server = EmbeddedTemporalServer.start("127.0.0.1", freePort())) {
      WorkflowServiceStubs stubs =
          WorkflowServiceStubs.newServiceStubs(
              WorkflowServiceStubsOptions.newBuilder()
                  .setTarget("127.0.0.1:" + server.port())
                  .build());
      try {
        SearchAttributeRegistration.ensure(stubs, "default");
        // A second worker starting against the same server.
        SearchAttributeRegistration.ensure(stubs, "default");

        // The server knows them now: adding one again is refused as a duplicate.
        OperatorServiceStubs operator =
            OperatorServiceStubs.newServiceStubs(
                OperatorServiceStubsOptions.newBuilder()
                    .setChannel(stubs.getRawChannel())
                    .validateAndBuildWithDefaults());
        Assertions.assertThatThrownBy(
                () ->
                    operator
                        .blockingStub()
                        .addSearchAttributes(
                            AddSearchAttributesRequest.newBuilder()
                                .setNamespace("default")
                                .putSearchAttributes(
                                    TaskSearchAttributes.PENDING_APPROVAL.getName(),
                                    IndexedValueType.INDEXED_VALUE_TYPE_BOOL)
                                .build()))
            .hasMessageContaining("ALREADY_EXISTS");
        operator.shutdown();
      } finally {
        stubs.shutdownNow();
      }
    }
  }

  @Test
  void should_name_the_cli_type_of_each_attribute() {
    assertThat(
            TaskSearchAttributes.ALL.stream()
                .map(k -> k.getName() + ":" + SearchAttributeRegistration.cliType(k.getValueType()))
                .toList())
        .containsExactly(
            "CharterRiskTier:Keyword",
            "CharterBackend:KeywordList",
            "CharterBundleId:Keyword",
            "CharterPendingApproval:Bool",
            "CharterTenant:Keyword",
            "CharterState:Keyword");
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
