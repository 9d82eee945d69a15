package dev.charter.starter.eval;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.charter.contract.Outcome;
import dev.charter.contract.TaskState;
import java.util.List;
import java.util.Map;

/**
 * One evaluation suite as its JSON file holds it: the shop rows its cases act on, and the cases.
 *
 * @param name the suite's name (the file name without {@code .json})
 * @param description what the suite measures
 * @param shop rows seeded into the support desk before the run, so each case acts on its own orders
 *     and customers and no case depends on what another refunded
 * @param cases the cases, in the order they run
 */
public record EvalSuite(
    @JsonProperty("name") String name,
    @JsonProperty("description") String description,
    @JsonProperty("shop") ShopFixture shop,
    @JsonProperty("cases") List<EvalCase> cases) {

  public EvalSuite {
    shop = shop == null ? new ShopFixture(List.of(), List.of(), List.of()) : shop;
    cases = cases == null ? List.of() : List.copyOf(cases);
  }

  /**
   * Rows of the support desk's system of record that the suite's cases name.
   *
   * @param customers customers
   * @param orders orders
   * @param exportDestinations destinations a privacy officer verified
   */
  public record ShopFixture(
      @JsonProperty("customers") List<Customer> customers,
      @JsonProperty("orders") List<Order> orders,
      @JsonProperty("exportDestinations") List<ExportDestination> exportDestinations) {

    public ShopFixture {
      customers = customers == null ? List.of() : List.copyOf(customers);
      orders = orders == null ? List.of() : List.copyOf(orders);
      exportDestinations = exportDestinations == null ? List.of() : List.copyOf(exportDestinations);
    }
  }

  /**
   * A customer row.
   *
   * @param id id, e.g. {@code ev-c-01}
   * @param name name
   * @param email email
   * @param emailDeliverable false makes every email to them fail (a bounced mailbox)
   * @param country ISO country code
   */
  public record Customer(
      @JsonProperty("id") String id,
      @JsonProperty("name") String name,
      @JsonProperty("email") String email,
      @JsonProperty("emailDeliverable") boolean emailDeliverable,
      @JsonProperty("country") String country) {}

  /**
   * An order row.
   *
   * @param id id, e.g. {@code ev-o-01}
   * @param customerId its customer
   * @param item what was bought
   * @param totalCents its total
   * @param status e.g. {@code shipped}, {@code delivered}
   */
  public record Order(
      @JsonProperty("id") String id,
      @JsonProperty("customerId") String customerId,
      @JsonProperty("item") String item,
      @JsonProperty("totalCents") long totalCents,
      @JsonProperty("status") String status) {}

  /**
   * A verified export destination.
   *
   * @param customerId the customer
   * @param destination where their data may go
   */
  public record ExportDestination(
      @JsonProperty("customerId") String customerId,
      @JsonProperty("destination") String destination) {}

  /**
   * One task and what must hold of it.
   *
   * @param id stable id within the suite, e.g. {@code refund-typo-03}; part of the task id
   * @param tags what the case exercises ({@code paraphrase}, {@code typo}, {@code mixed-language},
   *     {@code long}, {@code short}, {@code several-requests}, {@code independent-vocabulary} ...)
   * @param text the ticket as the customer wrote it
   * @param fields the ticket's structured fields (order, customer, amount, destination)
   * @param quick whether {@code charter eval --quick} runs it
   * @param expect what must hold
   */
  public record EvalCase(
      @JsonProperty("id") String id,
      @JsonProperty("tags") List<String> tags,
      @JsonProperty("text") String text,
      @JsonProperty("fields") Map<String, String> fields,
      @JsonProperty("quick") boolean quick,
      @JsonProperty("expect") Expectation expect) {

    public EvalCase {
      tags = tags == null ? List.of() : List.copyOf(tags);
      fields = fields == null ? Map.of() : Map.copyOf(fields);
    }
  }

  /**
   * What must hold of one case's task.
   *
   * @param intent the intent the first decision should name (one of the model's labels, or {@code
   *     other} when no plan fits: several requests, a question about policy, a language the encoder
   *     does not read)
   * @param path each tool call in order: tool, verdict before any approval, and a policy that must
   *     be among the determining ones
   * @param approvals the roles whose approval the task asks for, in order
   * @param state the state the task ends in
   * @param backends the backends allowed to decide (empty: any)
   * @param maxSteps the most governed steps the task may use
   * @param decisionLatencyMs the most one model decision may take
   */
  public record Expectation(
      @JsonProperty("intent") String intent,
      @JsonProperty("path") List<Call> path,
      @JsonProperty("approvals") List<String> approvals,
      @JsonProperty("state") TaskState state,
      @JsonProperty("backends") List<String> backends,
      @JsonProperty("maxSteps") Integer maxSteps,
      @JsonProperty("decisionLatencyMs") Integer decisionLatencyMs) {

    public Expectation {
      path = path == null ? List.of() : List.copyOf(path);
      approvals = approvals == null ? List.of() : List.copyOf(approvals);
      backends = backends == null ? List.of() : List.copyOf(backends);
    }
  }

  /**
   * One expected call.
   *
   * @param tool the tool
   * @param verdict the authorization's outcome before any approval
   * @param policy a policy id that must be among the verdict's determining policies
   */
  public record Call(
      @JsonProperty("tool") String tool,
      @JsonProperty("verdict") Outcome verdict,
      @JsonProperty("policy") String policy) {

    @Override
    public String toString() {
      return tool + " " + verdict + " [" + policy + "]";
    }
  }
}
