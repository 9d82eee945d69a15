package dev.charter.starter.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.charter.contract.AuditFact;
import dev.charter.contract.TaskState;
import dev.charter.contract.TaskStatus;
import dev.charter.starter.TestStack;
import dev.charter.starter.security.AccessChain;
import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The governance dashboard in a real browser: Debian's headless Chromium, driven through its own
 * chromedriver (never a browser or driver a test tool downloads), against the stack {@code charter
 * dev} runs (embedded Temporal, worker, REST API) and the dev tokens it issues. A support agent
 * signs in and starts a refund that needs a support lead; the agent and a privacy officer see no
 * approve button and are refused when they post an approval anyway; the support lead approves in
 * the inbox until the task completes, and its page shows the governed path and a verified ledger.
 * The list's filters, the operations page and the drift report are read too. Screenshots go to
 * {@code target/dashboard/}.
 *
 * <p>Without Chromium and chromedriver the test is skipped with a message saying how to install
 * them; under {@code CI=true} it fails instead.
 */
class DashboardIT {

  static final Path SCREENSHOTS = Path.of("target/dashboard");
  static final Duration PATIENCE = Duration.ofSeconds(90);

  @TempDir static Path data;
  static TestStack stack;
  static WebDriver browser;
  static String base;
  static String skipped;

  @BeforeAll
  static void start() throws Exception {
    Optional<Path> chromium = executable("chromium");
    Optional<Path> chromedriver = executable("chromedriver");
    if (chromium.isEmpty() || chromedriver.isEmpty()) {
      String missing =
          "Chromium and chromedriver are not on this machine (found chromium="
              + chromium.map(Path::toString).orElse("none")
              + ", chromedriver="
              + chromedriver.map(Path::toString).orElse("none")
              + "); install Debian's packages to run the browser test: sudo apt-get install"
              + " chromium chromium-driver (.ci/run does)";
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        fail("CI=true requires the dashboard browser test: " + missing);
      }
      skipped = "dashboard browser test skipped: " + missing;
      System.err.println(skipped);
      return;
    }
    stack = TestStack.embedded(data, Map.of());
    base = "http://127.0.0.1:" + stack.httpPort;
    browser = chrome(chromium.get(), chromedriver.get());
    Files.createDirectories(SCREENSHOTS);
  }

  @AfterAll
  static void stop() {
    if (browser != null) {
      browser.quit();
    }
    if (stack != null) {
      stack.close();
    }
  }

  /** Debian's Chromium through the given chromedriver: Selenium Manager is never asked. */
  static WebDriver chrome(Path chromium, Path chromedriver) {
    System.setProperty(ChromeDriverService.CHROME_DRIVER_EXE_PROPERTY, chromedriver.toString());
    ChromeOptions options = new ChromeOptions();
    options.setBinary(chromium.toFile());
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--no-first-run",
        "--window-size=1400,1600");
    LoggingPreferences logs = new LoggingPreferences();
    logs.enable(LogType.BROWSER, Level.ALL);
    options.setCapability("goog:loggingPrefs", logs);
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(chromedriver.toFile())
            .usingAnyFreePort()
            .build();
    return new ChromeDriver(service, options);
  }

  /**
   * The executable named by {@code -Dcharter.test.<name>=<path>} when given (another location, or
   * none, to see the skip), else the one on the PATH, Debian's location first.
   */
  static Optional<Path> executable(String name) {
    String given = System.getProperty("charter.test." + name);
    if (given != null) {
      return Optional.of(Path.of(given)).filter(Files::isExecutable);
    }
    Stream<String> dirs =
        Stream.concat(
            Stream.of("/usr/bin"),
            Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)));
    return dirs.filter(d -> !d.isBlank())
        .map(d -> Path.of(d, name))
        .filter(Files::isExecutable)
        .findFirst();
  }

  @Test
  void should_let_a_lead_approve_in_the_inbox_what_an_agent_started_and_refuse_everyone_else()
      throws Exception {
    assumeTrue(skipped == null, skipped);
    // The page itself holds no data: it is served without a token, under a strict CSP.
    HttpResponse<String> page = get("/dashboard/index.html", null);
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.headers().firstValue("Content-Security-Policy"))
        .hasValueSatisfying(csp -> assertThat(csp).contains("script-src 'self'"));
    assertThat(get("/api/tasks", null).statusCode()).isEqualTo(401);

    // A support agent signs in and starts a refund above $100.
    signIn("sam.agent");
    browser.findElement(By.cssSelector("#start-panel summary")).click();
    type("start-task-id", "dash-large-refund");
    type("start-text", "Please refund the 250 dollars for order 1003, the item never worked.");
    type("start-fields", "orderId=1003\ncustomerId=c-102\namountCents=25000");
    browser.findElement(By.id("start-submit")).click();
    String taskId =
        await(ExpectedConditions.presenceOfElementLocated(By.id("started-task")))
            .getAttribute("data-task-id");
    assertThat(taskId).isEqualTo("dash-large-refund");
    await(
        ExpectedConditions.presenceOfElementLocated(
            By.cssSelector(
                "#task-table tr[data-task-id='" + taskId + "'] .badge.WAITING_APPROVAL")));
    WebElement row =
        browser.findElement(By.cssSelector("#task-table tr[data-task-id='" + taskId + "']"));
    String tier = stack.tasks().status(taskId).pin().riskTier();
    assertThat(row.getText()).contains(tier, "acme-shop", "in-process-intent", "issue_refund");
    screenshot("task-list");
    // the list filters on the server: a state it is not in leaves it out
    new Select(browser.findElement(By.id("filter-state"))).selectByValue("COMPLETED");
    await(
        d ->
            d.findElements(By.cssSelector("#task-table tr[data-task-id='" + taskId + "']"))
                .isEmpty());
    new Select(browser.findElement(By.id("filter-state"))).selectByValue("");
    new Select(browser.findElement(By.id("filter-pending"))).selectByValue("true");
    await(
        ExpectedConditions.presenceOfElementLocated(
            By.cssSelector("#task-table tr[data-task-id='" + taskId + "']")));

    // The agent started it: no approve button for them, and a post anyway is refused (Cedar).
    go("#/inbox");
    WebElement card = awaitCard(taskId);
    assertThat(card.findElements(By.cssSelector("button.approve"))).isEmpty();
    assertThat(card.findElement(By.cssSelector(".may-not")).getText())
        .contains("sam.agent", "answer_approval");
    String approvalId = card.getAttribute("data-approval-id");
    assertThat(postFromPage("/api/tasks/" + taskId + "/approve", approvalId)).startsWith("403 ");

    // A privacy officer may answer approvals, but not one that needs a support lead.
    signIn("priya.privacy");
    go("#/inbox");
    card = awaitCard(taskId);
    assertThat(card.findElements(By.cssSelector("button.approve"))).isEmpty();
    assertThat(card.findElement(By.cssSelector(".may-not")).getText()).contains("support_lead");
    String refusal = postFromPage("/api/tasks/" + taskId + "/approve", approvalId);
    assertThat(refusal).startsWith("403 ").contains("support_lead");
    assertThat(stack.bean(AccessChain.class).refusals())
        .filteredOn(r -> r.route().equals("/api/tasks/" + taskId + "/approve"))
        .extracting(AuditFact.AccessRefused::principal, AuditFact.AccessRefused::status)
        .containsExactly(tuple("sam.agent", 403), tuple("priya.privacy", 403));
    TaskStatus still = stack.tasks().status(taskId);
    assertThat(still.state()).isEqualTo(TaskState.WAITING_APPROVAL);
    assertThat(still.pendingApproval().approvalId()).isEqualTo(approvalId);

    // The support lead approves each approval the task asks for, in the inbox.
    signIn("dana.lead");
    go("#/inbox");
    List<String> approved = new ArrayList<>();
    while (approved.size() < 5) {
      TaskStatus status =
          TestStack.await(
              () -> stack.tasks().status(taskId),
              s -> s.state().isFinal() || pendingBeyond(s, approved),
              PATIENCE);
      if (status.state().isFinal()) {
        break;
      }
      String pending = status.pendingApproval().approvalId();
      card =
          await(
              ExpectedConditions.presenceOfElementLocated(
                  By.cssSelector("#inbox .card[data-approval-id='" + pending + "']")));
      if (approved.isEmpty()) {
        screenshot("inbox");
      }
      card.findElement(By.cssSelector("input.reason")).sendKeys("checked the order, refund is due");
      card.findElement(By.cssSelector("button.approve")).click();
      await(
          ExpectedConditions.textToBePresentInElementLocated(
              By.id("inbox-answered"), "approved " + pending + ": "));
      approved.add(pending);
    }
    assertThat(approved).isNotEmpty();

    // Its page shows the task completed, the governed path and the verified ledger.
    go("#/task/" + taskId);
    await(
        ExpectedConditions.presenceOfElementLocated(
            By.cssSelector("#task-state[data-state='COMPLETED']")));
    await(
        ExpectedConditions.presenceOfElementLocated(
            By.cssSelector("#ledger-verdict[data-valid='true']")));
    await(
        ExpectedConditions.presenceOfElementLocated(
            By.cssSelector(".event[data-type='task.ended']")));
    String path = browser.findElement(By.id("governed-path")).getText();
    assertThat(path)
        .contains("Observation", "tainted", "Route", "Model", "in-process-intent", "Verdict")
        .contains("refund-needs-lead-approval")
        .contains("Approved", "dana.lead", "checked the order, refund is due")
        .contains("Action", "issue_refund");
    assertThat(browser.findElements(By.cssSelector(".event[data-type='approval.granted']")))
        .hasSize(approved.size());
    // a determining policy is shown with its author's comment from the bundle
    assertThat(browser.findElements(By.cssSelector(".policy")))
        .anySatisfy(p -> assertThat(p.getText()).contains("refund-needs-lead-approval — "));
    assertThat(browser.findElement(By.id("ledger-verdict")).getText())
        .contains("hash chain verified", "Temporal history agrees");
    screenshot("task-page");

    // Operations: health components, breakers, the route's split; and the drift report.
    go("#/operations");
    await(
        ExpectedConditions.presenceOfElementLocated(
            By.cssSelector("#backend-table tr[data-backend='in-process-intent'] .badge.CLOSED")));
    await(
        ExpectedConditions.presenceOfElementLocated(By.cssSelector("#route-table tr[data-route]")));
    await(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#health-table tr")));
    assertThat(browser.findElement(By.id("route-table")).getText()).contains("% / ");
    screenshot("operations");
    go("#/policy");
    await(ExpectedConditions.presenceOfElementLocated(By.id("drift-count")));
    assertThat(browser.findElement(By.id("drift-count")).getText())
        .isEqualTo("0 disagreement(s) (no shadow candidate running)");
    assertThat(browser.findElement(By.id("bundles")).getText()).contains("Active: support-desk");

    TaskStatus done = stack.tasks().status(taskId);
    assertThat(done.state()).isEqualTo(TaskState.COMPLETED);
    assertThat(consoleErrors()).isEmpty();
    System.out.printf(
        "dashboard: %s completed after %d approval(s) %s by dana.lead in the inbox;"
            + " sam.agent and priya.privacy saw no approve button and were refused (%s);"
            + " screenshots in %s%n",
        taskId, approved.size(), approved, refusal.lines().findFirst().orElse(""), SCREENSHOTS);
  }

  private static boolean pendingBeyond(TaskStatus status, List<String> approved) {
    return status.pendingApproval() != null
        && !approved.contains(status.pendingApproval().approvalId());
  }

  /** Signs out (if signed in) and signs in with the human's dev token. */
  private static void signIn(String human) {
    browser.get(base + "/dashboard/index.html#/tasks");
    List<WebElement> signOut = browser.findElements(By.id("sign-out"));
    if (!signOut.isEmpty()) {
      signOut.get(0).click();
    }
    await(ExpectedConditions.presenceOfElementLocated(By.id("token"))).sendKeys(stack.token(human));
    browser.findElement(By.id("sign-in")).click();
    await(ExpectedConditions.presenceOfElementLocated(By.id("task-list")));
  }

  private static void go(String hash) {
    ((JavascriptExecutor) browser).executeScript("location.hash = arguments[0]", hash);
  }

  private static WebElement awaitCard(String taskId) {
    return await(
        ExpectedConditions.presenceOfElementLocated(
            By.cssSelector(
                "#inbox .card[data-task-id='" + taskId + "']:is(:has(.may-not), :has(.approve))")));
  }

  private static void type(String id, String text) {
    WebElement field = browser.findElement(By.id(id));
    field.clear();
    field.sendKeys(text);
  }

  /** Posts an approval from the page with the signed-in token, as a user could from the console. */
  private static String postFromPage(String path, String approvalId) {
    Object answer =
        ((JavascriptExecutor) browser)
            .executeAsyncScript(
                "const done = arguments[arguments.length - 1];"
                    + "fetch(arguments[0], {method: 'POST', headers: {'Content-Type':"
                    + " 'application/json', Authorization: 'Bearer ' +"
                    + " sessionStorage.getItem('charter.token')}, body: JSON.stringify({approvalId:"
                    + " arguments[1], reason: 'posting anyway'})})"
                    + ".then(r => r.text().then(t => done(r.status + ' ' + t)))"
                    + ".catch(e => done('error ' + e));",
                path,
                approvalId);
    return String.valueOf(answer);
  }

  private static <T> T await(java.util.function.Function<WebDriver, T> condition) {
    try {
      return new WebDriverWait(browser, PATIENCE).until(condition);
    } catch (RuntimeException e) {
      screenshot("failure");
      throw new AssertionError(
          "dashboard did not reach the expected state; console: " + consoleErrors(), e);
    }
  }

  /** Script errors in the page; refused API calls (403 for a view a human may not see) aside. */
  private static List<String> consoleErrors() {
    return browser.manage().logs().get(LogType.BROWSER).getAll().stream()
        .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue())
        .filter(e -> !e.getMessage().contains("Failed to load resource"))
        .map(LogEntry::getMessage)
        .toList();
  }

  private static void screenshot(String name) {
    try {
      byte[] png = ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES);
      Files.write(SCREENSHOTS.resolve("dashboard-" + name + ".png"), png);
    } catch (Exception e) {
      System.err.println("screenshot " + name + " failed: " + e);
    }
  }

  private static HttpResponse<String> get(String path, String bearer) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path));
    if (bearer != null) {
      request.header("Authorization", bearer);
    }
    return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
