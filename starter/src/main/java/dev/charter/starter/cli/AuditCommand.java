package dev.charter.starter.cli;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.zaxxer.hikari.HikariDataSource;
import dev.charter.activities.audit.AuditLedger;
import dev.charter.activities.audit.AuditTrail;
import dev.charter.activities.audit.LedgerCheckpoints;
import dev.charter.activities.audit.LedgerEntry;
import dev.charter.activities.audit.LedgerSigningKey;
import dev.charter.activities.audit.LedgerWitness;
import dev.charter.activities.audit.TrailVerification;
import dev.charter.activities.audit.TrustedKeys;
import dev.charter.activities.audit.WitnessFile;
import dev.charter.starter.audit.AuditReport;
import dev.charter.starter.audit.OtlpAuditExport;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code charter audit show | verify | export | receipt | rotate-key}: reads the ledger database
 * and Temporal directly, or a running Charter's REST API with {@code --api} (needed for the default
 * H2 file while a worker has it open: H2 allows one process per file).
 */
@Command(
    name = "audit",
    mixinStandardHelpOptions = true,
    description = "Show, verify and export a task's audit trail; issue signed decision receipts.",
    subcommands = {
      AuditCommand.Show.class,
      AuditCommand.Verify.class,
      AuditCommand.Export.class,
      AuditCommand.Receipt.class,
      AuditCommand.RotateKey.class
    })
final class AuditCommand implements Runnable {

  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /**
   * Where the ledger, the keys and Temporal are, and where the command prints: every subcommand
   * mixes this in, so they share options, printing and error handling.
   */
  static final class Source {
    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    /** The command's standard output (picocli's writer, which tests capture). */
    PrintWriter out() {
      return command.commandLine().getOut();
    }

    /** The command's standard error. */
    PrintWriter err() {
      return command.commandLine().getErr();
    }

    /**
     * Runs a subcommand, turning failures into one line on stderr: exit 2 for bad input (unknown
     * seq, bad key file), 1 for everything else (unreachable ledger, API or Temporal).
     */
    int guarded(Callable<Integer> subcommand) {
      try {
        return subcommand.call();
      } catch (IllegalArgumentException e) {
        err().println("charter audit: " + e.getMessage());
        return 2;
      } catch (Exception e) {
        err().println("charter audit: " + e.getMessage());
        return 1;
      } finally {
        out().flush();
        err().flush();
      }
    }

    @Option(
        names = "--api",
        description =
            "base URL of a running Charter (e.g. http://127.0.0.1:8080): go through its REST API"
                + " instead of the databases")
    URI api;

    @Option(
        names = "--token",
        defaultValue = "${env:CHARTER_TOKEN}",
        description =
            "bearer token for the API: an API token (`charter dev` prints one per demo human) or a"
                + " JWT of your identity provider (default: $CHARTER_TOKEN)")
    String token;

    @Option(
        names = "--data-dir",
        description = "data directory of the H2 ledger and the keys (default ~/.charter/data)")
    Path dataDir = Path.of(System.getProperty("user.home"), ".charter", "data");

    @Mixin LedgerOptions ledger = new LedgerOptions();

    @Option(
        names = "--temporal-address",
        description = "Temporal frontend host:port (default 127.0.0.1:7233)")
    String temporalAddress = "127.0.0.1:7233";

    @Option(names = "--namespace", description = "Temporal namespace (default default)")
    String namespace = "default";

    @Option(
        names = "--secrets-dir",
        description = "folder of the signing key (default: secrets beside --data-dir)")
    Path secretsDir;

    @Option(
        names = "--signing-key",
        description =
            "Ed25519 private key PEM (default: audit-signing-key.pem in --secrets-dir); its"
                + " <file>.pub.pem is the trusted key unless --public-key is given")
    Path signingKey;

    @Option(
        names = "--public-key",
        description =
            "Ed25519 public key PEM you trust (repeatable); rotations the ledger records count only"
                + " when a trusted key signed them")
    List<Path> publicKeys = new ArrayList<>();

    @Option(
        names = "--trust-key-beside-data",
        description =
            "trust a public key found inside --data-dir (refused by default: whoever can rewrite"
                + " the ledger files can replace it)")
    boolean trustKeyBesideData;

    @Option(
        names = "--witness",
        description =
            "the checkpoint witness file to compare the ledger with (default:"
                + " ledger-witness.jsonl in --data-dir, when it exists)")
    Path witness;

    @Option(names = "--no-witness", description = "check the ledger's own checkpoints alone")
    boolean noWitness;

    @Mixin PayloadKeyOptions payloadKeys = new PayloadKeyOptions();

    Path secretsDir() {
      return secretsDir != null
          ? secretsDir
          : dataDir.toAbsolutePath().normalize().resolveSibling("secrets");
    }

    Path signingKeyFile() {
      return signingKey != null ? signingKey : secretsDir().resolve("audit-signing-key.pem");
    }

    /**
     * The keys the user trusts: {@code --public-key}, else the public half of the signing key in
     * the secrets folder. A key inside the data folder is refused unless {@code
     * --trust-key-beside-data}.
     */
    TrustedKeys trustedKeys() {
      List<Path> files = publicKeys;
      if (files.isEmpty()) {
        Path beside = LedgerSigningKey.publicKeyFile(signingKeyFile());
        Path legacy = LedgerSigningKey.publicKeyFile(dataDir.resolve("audit-signing-key.pem"));
        if (Files.exists(beside)) {
          files = List.of(beside);
        } else if (Files.exists(legacy)) {
          files = List.of(legacy);
        } else {
          throw new IllegalArgumentException(
              "no trusted public key: none at `"
                  + beside
                  + "`; pass the key you trust with --public-key <pem> (saved from GET"
                  + " /api/audit/public-key, or from your secret store)");
        }
      }
      Path data = dataDir.toAbsolutePath().normalize();
      List<PublicKey> keys = new ArrayList<>();
      for (Path file : files) {
        if (file.toAbsolutePath().normalize().startsWith(data) && !trustKeyBesideData) {
          throw new IllegalArgumentException(
              "the public key `"
                  + file
                  + "` lies in the data folder `"
                  + data
                  + "`, where whoever can rewrite the ledger can replace it; pass the key you"
                  + " trust with --public-key <pem>, or --trust-key-beside-data");
        }
        keys.add(LedgerSigningKey.readPublicKey(file));
      }
      return TrustedKeys.of(keys);
    }

    /** The witness to compare with: {@code --witness}, else the data folder's, if any. */
    LedgerWitness witness() {
      if (noWitness) {
        return null;
      }
      if (witness != null) {
        if (!Files.exists(witness)) {
          throw new IllegalArgumentException("witness file `" + witness + "` does not exist");
        }
        return new WitnessFile(witness);
      }
      Path standard = dataDir.resolve("ledger-witness.jsonl");
      return Files.exists(standard) ? new WitnessFile(standard) : null;
    }

    /** Runs {@code work} on a trail over the ledger database (and Temporal as {@code temporal}). */
    <T> T withTrail(TemporalUse temporal, TrailWork<T> work) {
      return withTrail(temporal, false, work);
    }

    /**
     * As {@link #withTrail(TemporalUse, TrailWork)}; {@code verifying} loads the trusted keys and
     * the witness, which only verification needs.
     */
    <T> T withTrail(TemporalUse temporal, boolean verifying, TrailWork<T> work) {
      TrustedKeys keys = verifying ? trustedKeys() : null;
      LedgerWitness against = verifying ? witness() : null;
      quietPoolLogs();
      HikariDataSource dataSource = ledger.open(dataDir, "use --api http://127.0.0.1:8080");
      WorkflowServiceStubs stubs = null;
      try (dataSource) {
        WorkflowClient client = null;
        if (temporal != TemporalUse.NONE) {
          try {
            stubs =
                WorkflowServiceStubs.newConnectedServiceStubs(
                    WorkflowServiceStubsOptions.newBuilder().setTarget(temporalAddress).build(),
                    Duration.ofSeconds(5));
            WorkflowClientOptions.Builder options =
                WorkflowClientOptions.newBuilder().setNamespace(namespace);
            // Histories hold encrypted payloads; the cross-check reads them with the same keys.
            payloadKeys.converter(dataDir).ifPresent(options::setDataConverter);
            client = WorkflowClient.newInstance(stubs, options.build());
          } catch (RuntimeException e) {
            if (temporal == TemporalUse.REQUIRED) {
              throw new IllegalStateException(
                  "Temporal at "
                      + temporalAddress
                      + " is unreachable ("
                      + e.getMessage()
                      + "); pass --temporal-address, or --no-history to check the ledger alone",
                  e);
            }
            err()
                .printf(
                    "charter audit: Temporal at %s is unreachable; history event ids not"
                        + " resolved%n",
                    temporalAddress);
          }
        }
        AuditTrail trail =
            new AuditTrail(
                new AuditLedger(dataSource),
                new LedgerCheckpoints(dataSource, Clock.systemUTC()),
                keys,
                against,
                client);
        return work.run(trail);
      } finally {
        if (stubs != null) {
          stubs.shutdownNow();
        }
      }
    }

    /** The CLI prints its own results; the pool's start/stop lines would only clutter stderr. */
    private static void quietPoolLogs() {
      if (org.slf4j.LoggerFactory.getLogger("com.zaxxer.hikari")
          instanceof ch.qos.logback.classic.Logger pool) {
        pool.setLevel(ch.qos.logback.classic.Level.WARN);
      }
    }

    /** GET {@code path} from the REST API. */
    HttpResponse<String> get(String path) {
      return new ApiClient(api.toString(), token).get(path);
    }

    String bodyOf(HttpResponse<String> response, int... accepted) {
      for (int status : accepted) {
        if (response.statusCode() == status) {
          return response.body();
        }
      }
      String error = response.body();
      try {
        error = AuditReport.JSON.readTree(response.body()).path("detail").asText(error);
      } catch (IOException notJson) {
        // keep the raw body
      }
      if (response.statusCode() == 400 || response.statusCode() == 404) {
        throw new IllegalArgumentException(error);
      }
      throw new IllegalStateException(
          "Charter API answered " + response.statusCode() + ": " + error);
    }
  }

  /**
   * What every audit subcommand shares: where the ledger, keys and Temporal are, the task, and
   * failures as one line on the command's error writer.
   */
  abstract static class TaskSubcommand implements Callable<Integer> {
    @Mixin Source source;

    @Parameters(index = "0", paramLabel = "<taskId>")
    String taskId;

    @Override
    public Integer call() {
      return source.guarded(this::run);
    }

    /** The subcommand's work; an exception becomes exit 2 (bad input) or 1. */
    abstract Integer run() throws IOException;
  }

  /** Whether a command needs Temporal, can use it, or does without. */
  enum TemporalUse {
    NONE,
    OPTIONAL,
    REQUIRED
  }

  interface TrailWork<T> {
    T run(AuditTrail trail);
  }

  @Command(name = "show", mixinStandardHelpOptions = true, description = "Print a task's trail.")
  static final class Show extends TaskSubcommand {

    @Override
    Integer run() throws IOException {
      if (source.api != null) {
        JsonNode body =
            AuditReport.JSON.readTree(
                source.bodyOf(source.get("/api/audit/" + encode(taskId)), 200));
        AuditReport.show(
            source.out(),
            taskId,
            AuditReport.JSON.convertValue(
                body.path("events"), new TypeReference<List<LedgerEntry>>() {}),
            AuditReport.JSON.convertValue(
                body.path("historyEventIds"), new TypeReference<Map<Long, Long>>() {}));
        return 0;
      }
      source.withTrail(
          TemporalUse.OPTIONAL,
          trail -> {
            List<LedgerEntry> events = trail.events(taskId);
            AuditReport.show(source.out(), taskId, events, trail.historyEventIds(taskId, events));
            return null;
          });
      return 0;
    }
  }

  @Command(
      name = "verify",
      mixinStandardHelpOptions = true,
      description = {
        "Recompute the chain, check the signed checkpoints as a chain and against the witness"
            + " file, check the stored receipts with the keys you trust, and cross-check"
            + " Temporal's history.",
        "Exits 1 naming the first broken link."
      })
  static final class Verify extends TaskSubcommand {

    @Option(names = "--no-history", description = "skip the Temporal history cross-check")
    boolean noHistory;

    @Option(names = "--json", description = "print the verification as JSON")
    boolean json;

    @Override
    Integer run() throws IOException {
      TrailVerification verification =
          source.api != null
              ? AuditReport.JSON.readValue(
                  source.bodyOf(
                      source.get("/api/audit/" + encode(taskId) + "/verify?history=" + !noHistory),
                      200,
                      409),
                  TrailVerification.class)
              : source.withTrail(
                  noHistory ? TemporalUse.NONE : TemporalUse.REQUIRED,
                  true,
                  trail -> trail.verify(taskId, !noHistory));
      if (json) {
        source.out().println(AuditReport.JSON.writeValueAsString(verification));
      } else {
        AuditReport.verification(source.out(), verification);
      }
      return verification.valid() ? 0 : 1;
    }
  }

  @Command(
      name = "export",
      mixinStandardHelpOptions = true,
      description = "Write a task's events as JSON Lines (one event per line).")
  static final class Export extends TaskSubcommand {

    @Option(names = "--out", description = "file to write (default: standard output)")
    Path out;

    @Option(
        names = "--otlp-endpoint",
        description =
            "also send each event as an OpenTelemetry log record over OTLP/HTTP to this collector"
                + " (e.g. http://127.0.0.1:4318)")
    String otlpEndpoint;

    @Override
    Integer run() throws IOException {
      String lines =
          source.api != null
              ? source.bodyOf(source.get("/api/audit/" + encode(taskId) + "/export"), 200)
              : source.withTrail(
                  TemporalUse.OPTIONAL,
                  trail -> {
                    List<LedgerEntry> events = trail.events(taskId);
                    Map<Long, Long> historyEventIds = trail.historyEventIds(taskId, events);
                    StringBuilder text = new StringBuilder();
                    events.forEach(
                        e ->
                            text.append(AuditReport.jsonLine(e, historyEventIds.get(e.seq())))
                                .append('\n'));
                    return text.toString();
                  });
      if (otlpEndpoint != null) {
        OtlpAuditExport.send(otlpEndpoint, lines.lines().toList());
        source
            .err()
            .printf(
                "charter audit export: %d events of %s sent as log records to %s%n",
                lines.lines().count(), taskId, otlpEndpoint);
      }
      if (out == null) {
        if (otlpEndpoint == null) {
          source.out().print(lines);
        }
        return 0;
      }
      // Write beside the target and move: a failed export leaves no partial file.
      Path absolute = out.toAbsolutePath();
      Path partial = Files.createTempFile(absolute.getParent(), ".export-", ".jsonl");
      try {
        Files.writeString(partial, lines);
        Files.move(
            partial, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } finally {
        Files.deleteIfExists(partial);
      }
      source
          .err()
          .printf(
              "charter audit export: %d events of %s written to %s%n",
              lines.lines().count(), taskId, out);
      return 0;
    }
  }

  @Command(
      name = "receipt",
      mixinStandardHelpOptions = true,
      description = {
        "Print the decision receipt (JWS, EdDSA) signed when the verdict at <seq> was recorded.",
        "Verify it with the public key alone: docs/audit.md."
      })
  static final class Receipt extends TaskSubcommand {

    @Parameters(index = "1", paramLabel = "<seq>")
    long seq;

    @Option(names = "--decoded", description = "also print the decoded header and payload")
    boolean decoded;

    @Override
    Integer run() throws IOException {
      String jws =
          source.api != null
              ? source
                  .bodyOf(source.get("/api/audit/" + encode(taskId) + "/receipts/" + seq), 200)
                  .trim()
              : source.withTrail(TemporalUse.NONE, trail -> trail.receipt(taskId, seq));
      PrintWriter out = source.out();
      out.println(jws);
      if (decoded) {
        String[] parts = jws.split("\\.");
        for (int i = 0; i < 2; i++) {
          JsonNode node =
              AuditReport.JSON.readTree(java.util.Base64.getUrlDecoder().decode(parts[i]));
          out.println(AuditReport.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(node));
        }
      }
      return 0;
    }
  }

  @Command(
      name = "rotate-key",
      mixinStandardHelpOptions = true,
      description = {
        "Retire the signing key (kept as <file>.<keyId>.retired) and generate a new one in its"
            + " place.",
        "Restart the worker: it records the rotation in the ledger, signed by the retired key,"
            + " so verifiers who pinned the old key follow it."
      })
  static final class RotateKey implements Callable<Integer> {
    @Mixin Source source;

    @Override
    public Integer call() {
      return source.guarded(
          () -> {
            Path file = source.signingKeyFile();
            String previous = LedgerSigningKey.loadOrGenerate(file, false).keyId();
            LedgerSigningKey fresh = LedgerSigningKey.rotate(file);
            source
                .out()
                .printf(
                    "signing key rotated: %s -> %s (%s); the retired key is %s.%s.retired;"
                        + " restart the worker%n",
                    previous, fresh.keyId(), file, file, previous);
            return 0;
          });
    }
  }

  private static String encode(String taskId) {
    return ApiClient.encode(taskId);
  }
}
