package dev.charter.policy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Loads a policy bundle together with its signature and checks the signature against the trusted
 * authors of the worker's tenant. With {@link Enforcement#REQUIRED} (production) a bundle whose
 * check is not {@link SignatureCheck.Status#VERIFIED} is refused with a {@link
 * BundleSignatureException}; with {@link Enforcement#CHECKED} it is loaded and the check reported.
 */
public final class SignedBundleLoader {

  /** What a failed signature check does. */
  public enum Enforcement {
    /** Refuse the bundle: production. */
    REQUIRED,
    /** Load it and report the check: local experiments with unsigned bundles. */
    CHECKED
  }

  /**
   * A loaded bundle and its signature check.
   *
   * @param bundle the validated bundle
   * @param signature the check of its signature
   */
  public record SignedBundle(PolicyBundle bundle, SignatureCheck signature) {}

  private final TrustedAuthors trusted;
  private final Enforcement enforcement;

  /**
   * @param trusted the authors whose keys may sign bundles, per tenant
   * @param enforcement what a failed check does
   */
  public SignedBundleLoader(TrustedAuthors trusted, Enforcement enforcement) {
    this.trusted = trusted;
    this.enforcement = enforcement;
  }

  /** What a failed check does. */
  public Enforcement enforcement() {
    return enforcement;
  }

  /** The trusted authors. */
  public TrustedAuthors trusted() {
    return trusted;
  }

  /**
   * Loads and validates the bundle at {@code location} ({@code classpath:<folder>} or a directory)
   * and checks its signature for {@code tenant}.
   *
   * @throws BundleSignatureException when signatures are required and the check failed
   * @throws BundleException when the bundle is invalid or its signature file unreadable
   */
  public SignedBundle load(String location, String tenant) throws BundleException {
    PolicyBundle bundle = PolicyBundle.loadLocation(location);
    SignatureCheck check = check(bundle, location, tenant);
    if (!check.verified() && enforcement == Enforcement.REQUIRED) {
      throw new BundleSignatureException(check);
    }
    return new SignedBundle(bundle, check);
  }

  /** Checks the signature stored at {@code location} for an already loaded {@code bundle}. */
  public SignatureCheck check(PolicyBundle bundle, String location, String tenant)
      throws BundleException {
    Optional<BundleSignature> signature;
    try {
      signature =
          readSignature(location)
              .map(text -> BundleSignature.parse(text, signatureLocation(location)));
    } catch (IllegalArgumentException notASignature) {
      return new SignatureCheck(
          SignatureCheck.Status.INVALID,
          location,
          bundle.id(),
          null,
          null,
          null,
          "policy bundle `"
              + bundle.name()
              + "` at `"
              + location
              + "` (sha-256 "
              + bundle.id()
              + "): "
              + notASignature.getMessage());
    }
    return trusted.check(bundle, signature, tenant, location);
  }

  /** Where the signature of the bundle at {@code location} is kept. */
  public static String signatureLocation(String location) {
    return (location.endsWith("/") ? location : location + "/") + BundleSignature.FILE;
  }

  /** The signature file's text, or empty when the bundle has none. */
  static Optional<String> readSignature(String location) throws BundleException {
    try {
      if (location.startsWith("classpath:")) {
        String folder = location.substring("classpath:".length());
        folder = folder.endsWith("/") ? folder : folder + "/";
        try (InputStream in =
            SignedBundleLoader.class
                .getClassLoader()
                .getResourceAsStream(folder + BundleSignature.FILE)) {
          return in == null
              ? Optional.empty()
              : Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
      }
      Path file = Path.of(location).resolve(BundleSignature.FILE);
      return Files.isRegularFile(file)
          ? Optional.of(Files.readString(file, StandardCharsets.UTF_8))
          : Optional.empty();
    } catch (IOException e) {
      throw new BundleException(
          "cannot read `" + signatureLocation(location) + "`: " + e.getMessage(), e);
    }
  }
}
