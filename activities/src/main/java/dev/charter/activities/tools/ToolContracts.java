package dev.charter.activities.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.charter.contract.ToolCall;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The support desk's tool contracts, one JSON Schema per tool, read once from {@code
 * classpath:tools/<tool>.schema.json}. The same instance serves the planner, the chat backends, the
 * authorizer and the tools, so they can never disagree on what a call may carry.
 */
public final class ToolContracts {

  /** Every tool with a contract, the compensation {@code reverse_refund} included. */
  public static final List<String> TOOLS =
      List.of(
          "lookup_order",
          "issue_refund",
          "send_customer_email",
          "export_customer_data",
          "escalate_to_human",
          "reverse_refund");

  private static final ObjectMapper JSON = new ObjectMapper();

  private static final ToolContracts STANDARD = load();

  private final Map<String, ToolContract> byTool;

  private ToolContracts(Map<String, ToolContract> byTool) {
    this.byTool = Collections.unmodifiableMap(byTool);
  }

  /** The contracts shipped with the support desk (loaded and compiled once per JVM). */
  public static ToolContracts standard() {
    return STANDARD;
  }

  private static ToolContracts load() {
    SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
    Map<String, ToolContract> contracts = new LinkedHashMap<>();
    for (String tool : TOOLS) {
      String resource = "tools/" + tool + ".schema.json";
      try (InputStream in = ToolContracts.class.getClassLoader().getResourceAsStream(resource)) {
        if (in == null) {
          throw new IllegalStateException("tool contract `" + resource + "` is missing");
        }
        JsonNode json = JSON.readTree(in);
        Schema schema = registry.getSchema(json);
        contracts.put(tool, new ToolContract(tool, json, schema));
      } catch (IOException e) {
        throw new UncheckedIOException("tool contract `" + resource + "` is unreadable", e);
      }
    }
    return new ToolContracts(contracts);
  }

  /** The contract of {@code tool}, if it has one. */
  public Optional<ToolContract> find(String tool) {
    return Optional.ofNullable(byTool.get(tool));
  }

  /**
   * Checks a call against its tool's contract.
   *
   * @throws ApplicationFailure non-retryable {@value ToolContract#INVALID} when the call breaks it,
   *     or {@code UnknownTool} when the tool has no contract
   */
  public void check(ToolCall call) {
    find(call.tool())
        .orElseThrow(
            () ->
                ApplicationFailure.newNonRetryableFailure(
                    "unknown tool `" + call.tool() + "`: no tool contract; known tools " + TOOLS,
                    "UnknownTool"))
        .check(call);
  }
}
