package dev.charter.policy;

import java.util.List;

/**
 * A bundle was refused because signatures are required and its signature did not check out:
 * unsigned, invalid, untrusted for the tenant, or over other content. The message names the bundle,
 * its location and both hashes.
 */
public final class BundleSignatureException extends BundleException {

  private static final long serialVersionUID = 1L;

  private final transient SignatureCheck check;

  BundleSignatureException(SignatureCheck check) {
    super(List.of(check.detail()));
    this.check = check;
  }

  /** The failed check. */
  public SignatureCheck check() {
    return check;
  }
}
