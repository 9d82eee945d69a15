package dev.charter.starter.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.charter.policy.BundleException;
import dev.charter.policy.BundleSignature;
import dev.charter.policy.BundleSigningMain;
import dev.charter.policy.PolicyAuthorKey;
import dev.charter.policy.PolicyBundle;
import dev.charter.policy.SignatureCheck;
import dev.charter.policy.SignedBundleLoader;
import dev.charter.policy.TrustedAuthors;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code charter policy keygen | sign | verify}: a policy author makes a key, signs a bundle's
 * content hash with it (a detached JWS in {@code bundle.sig}), and anyone checks a bundle against
 * the authors a worker trusts, as the worker does at load.
 */
final class PolicySignatureCommands {

  private static final String DEV_TRUSTED_AUTHORS = "classpath:policies/trusted-authors-dev.json";

  private PolicySignatureCommands() {}

  /** {@code charter policy keygen --author <id> --out <key> [--tenant t]...}. */
  @Command(
      name = "keygen",
      mixinStandardHelpOptions = true,
      description = {
        "Creates a policy author's RSA signing key (a private JWK, file mode 600) and prints the",
        "trusted-authors entry that workers of the given tenants add to trust it."
      })
  static final class Keygen implements Callable<Integer> {

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(names = "--author", required = true, description = "the author, a Cedar Human id")
    String author;

    @Option(names = "--out", required = true, description = "where to write the private key")
    Path out;

    @Option(
        names = "--tenant",
        required = true,
        description = "a tenant whose bundles this key may sign (repeatable)")
    List<String> tenants;

    @Override
    public Integer call() throws IOException {
      if (Files.exists(out)) {
        throw new IllegalArgumentException("`" + out + "` exists; refusing to overwrite a key");
      }
      PolicyAuthorKey key = PolicyAuthorKey.generate(author);
      key.save(out);
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("author", author);
      entry.put("tenants", tenants);
      entry.put("key", key.publicJwk().toJSONObject());
      spec.commandLine().getErr().println("private key written to " + out + "; trust entry:");
      spec.commandLine()
          .getOut()
          .println(new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(entry));
      return 0;
    }
  }

  /** {@code charter policy sign <dir> --key <key>}. */
  @Command(
      name = "sign",
      mixinStandardHelpOptions = true,
      description = {
        "Validates a bundle directory and signs its content hash with an author key, writing",
        BundleSignature.FILE + " into the directory. Exit 0 signed, 1 invalid bundle, 2 bad input."
      })
  static final class Sign implements Callable<Integer> {

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", description = "bundle directory")
    Path bundle;

    @Option(names = "--key", required = true, description = "the author's private key (JWK)")
    Path key;

    @Override
    public Integer call() throws Exception {
      if (!Files.isDirectory(bundle)) {
        throw new IllegalArgumentException("bundle directory `" + bundle + "` does not exist");
      }
      if (!Files.isRegularFile(key)) {
        throw new IllegalArgumentException("author key `" + key + "` does not exist");
      }
      PolicyAuthorKey author = PolicyAuthorKey.load(key);
      BundleSignature signature;
      try {
        signature = BundleSigningMain.sign(bundle, author);
      } catch (BundleException e) {
        PrintWriter err = spec.commandLine().getErr();
        err.println("policy bundle `" + bundle + "` rejected:");
        e.problems().forEach(p -> err.println("  " + p));
        return 1;
      }
      spec.commandLine()
          .getOut()
          .println(
              "signed: bundle `"
                  + signature.bundleName()
                  + "` sha-256 "
                  + signature.bundleHash()
                  + " by "
                  + signature.principal()
                  + " key "
                  + signature.keyId()
                  + " -> "
                  + bundle.resolve(BundleSignature.FILE));
      return 0;
    }
  }

  /** {@code charter policy verify <location> [--trusted-authors f] [--tenant t] [--json]}. */
  @Command(
      name = "verify",
      mixinStandardHelpOptions = true,
      description = {
        "Checks a bundle's signature as a worker does at load: signed by a key trusted for the",
        "tenant, over exactly this content. Exit 0 verified, 1 refused (unsigned, invalid,",
        "untrusted, changed after signing, or an invalid bundle), 2 bad input."
      })
  static final class Verify implements Callable<Integer> {

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", description = "bundle directory (or classpath:<folder>)")
    String bundle;

    @Option(
        names = "--trusted-authors",
        defaultValue = DEV_TRUSTED_AUTHORS,
        description = "trusted authors file (default: the development key, as charter dev)")
    String trustedAuthors;

    @Option(
        names = "--tenant",
        defaultValue = "acme-shop",
        description = "the tenant (default acme-shop)")
    String tenant;

    @Option(names = "--json", description = "print the check as JSON")
    boolean json;

    @Override
    public Integer call() throws IOException {
      PolicyBundle loaded = PolicyCommand.loadOrReport(bundle, spec.commandLine().getErr());
      if (loaded == null) {
        return 1;
      }
      SignatureCheck check;
      try {
        check =
            new SignedBundleLoader(
                    TrustedAuthors.load(trustedAuthors), SignedBundleLoader.Enforcement.CHECKED)
                .check(loaded, bundle, tenant);
      } catch (BundleException e) {
        throw new IllegalArgumentException(e.getMessage(), e);
      }
      PrintWriter out = spec.commandLine().getOut();
      if (json) {
        out.println(new ObjectMapper().writeValueAsString(check));
      } else {
        out.println(
            (check.verified() ? "verified: " : "refused (" + check.status() + "): ")
                + check.detail());
      }
      return check.verified() ? 0 : 1;
    }
  }
}
