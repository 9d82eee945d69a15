package dev.charter.activities.audit;

import java.security.PublicKey;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The public keys a verifier trusts, by key id ({@code kid}, {@link LedgerSigningKey#keyId}). A
 * signature is checked with the key its JWS header names, so checkpoints and receipts signed before
 * a key rotation keep verifying while the old key stays trusted. Trust starts from keys the user
 * pins; a rotation the ledger records ({@link LedgerKeyRotations}) extends it only when a key
 * already trusted signed it.
 */
public final class TrustedKeys {

  private final Map<String, PublicKey> byKeyId;

  private TrustedKeys(Map<String, PublicKey> byKeyId) {
    this.byKeyId = Map.copyOf(byKeyId);
  }

  /** Trusts exactly {@code keys}. */
  public static TrustedKeys of(Collection<PublicKey> keys) {
    Map<String, PublicKey> byKeyId = new LinkedHashMap<>();
    keys.forEach(k -> byKeyId.put(LedgerSigningKey.keyId(Objects.requireNonNull(k, "key")), k));
    if (byKeyId.isEmpty()) {
      throw new IllegalArgumentException("no trusted public key given");
    }
    return new TrustedKeys(byKeyId);
  }

  /** Trusts exactly {@code keys}. */
  public static TrustedKeys of(PublicKey... keys) {
    return of(List.of(keys));
  }

  /** These keys and {@code key}. */
  TrustedKeys with(PublicKey key) {
    Map<String, PublicKey> more = new LinkedHashMap<>(byKeyId);
    more.put(LedgerSigningKey.keyId(key), key);
    return new TrustedKeys(more);
  }

  /** Whether {@code keyId} names a trusted key. */
  public boolean trusts(String keyId) {
    return byKeyId.containsKey(keyId);
  }

  /** The trusted key ids, sorted. */
  public List<String> keyIds() {
    return byKeyId.keySet().stream().sorted().toList();
  }

  /** The trusted keys. */
  public Collection<PublicKey> keys() {
    return byKeyId.values();
  }

  /**
   * The key with id {@code keyId}.
   *
   * @throws IllegalArgumentException naming the key id and the trusted ones when it is not trusted
   */
  public PublicKey key(String keyId) {
    PublicKey key = byKeyId.get(keyId);
    if (key == null) {
      throw new IllegalArgumentException(
          "signed by key " + keyId + ", which is not a trusted key " + keyIds());
    }
    return key;
  }
}
