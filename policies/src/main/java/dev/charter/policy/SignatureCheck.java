package dev.charter.policy;

/**
 * The outcome of checking a bundle's signature: what was checked, against which hashes, and why it
 * passed or failed. A worker keeps it for its bundles, the ledger records it when a bundle is
 * refused or activated.
 *
 * @param status the outcome
 * @param artifact the bundle's location
 * @param bundleHash the sha-256 of the bundle's content as loaded
 * @param signedHash the sha-256 the signature covers, or null when unsigned
 * @param author the author the signature names, or null
 * @param keyId the signing key's thumbprint, or null
 * @param detail one sentence naming artifact, author and both hashes
 */
public record SignatureCheck(
    Status status,
    String artifact,
    String bundleHash,
    String signedHash,
    String author,
    String keyId,
    String detail) {

  /** How a signature check ended. */
  public enum Status {
    /** Signed by a key trusted for the tenant, over exactly this content. */
    VERIFIED,
    /** No signature file. */
    UNSIGNED,
    /** The JWS does not verify with the key it names. */
    INVALID,
    /** The key is unknown, or not trusted for this tenant. */
    UNTRUSTED,
    /** A valid signature over other content: the bundle changed after signing. */
    TAMPERED
  }

  /** Whether the bundle may be used where signatures are required. */
  public boolean verified() {
    return status == Status.VERIFIED;
  }

  static SignatureCheck failed(
      Status status,
      String artifact,
      PolicyBundle bundle,
      BundleSignature signature,
      String detail) {
    return new SignatureCheck(
        status,
        artifact,
        bundle.id(),
        signature.bundleHash(),
        signature.author(),
        signature.keyId(),
        detail);
  }
}
