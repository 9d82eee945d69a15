package dev.charter.workflow;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.charter.contract.ApprovalToken;
import dev.charter.workflow.activity.ApprovalGate;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

/**
 * Mints approval tokens for tests: compact JWS, {@code alg: EdDSA}, signed with a fresh Ed25519 key
 * by the JDK (the worker signs with Nimbus; the bytes are the same standard), and verifies them the
 * way a gate does.
 */
final class ApprovalTokens {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

  final KeyPair keys = generate();

  /** A token from this issuer for {@code human}, valid for five minutes from {@code nowMillis}. */
  String mint(
      String human,
      String approvalId,
      String argumentsSha256,
      String bundleHash,
      List<String> roles,
      long nowMillis) {
    long now = nowMillis / 1000;
    return mint(
        human,
        approvalId,
        argumentsSha256,
        bundleHash,
        roles,
        now,
        now + 300,
        UUID.randomUUID().toString());
  }

  String mint(
      String human,
      String approvalId,
      String argumentsSha256,
      String bundleHash,
      List<String> roles,
      long issuedAt,
      long expiresAt,
      String jti) {
    ObjectNode claims = JSON.createObjectNode();
    claims.put("iss", "charter-tests");
    claims.put("sub", human);
    claims.put("aud", ApprovalToken.AUDIENCE);
    claims.put("approvalId", approvalId);
    claims.put("argumentsSha256", argumentsSha256);
    if (bundleHash != null) {
      claims.put("bundleHash", bundleHash);
    }
    roles.forEach(claims.putArray("roles")::add);
    claims.put("jti", jti);
    claims.put("iat", issuedAt);
    claims.put("exp", expiresAt);
    return sign(claims.toString());
  }

  String sign(String claimsJson) {
    String header =
        B64.encodeToString(
            ("{\"alg\":\"EdDSA\",\"typ\":\"" + ApprovalToken.TYPE + "\"}")
                .getBytes(StandardCharsets.UTF_8));
    String payload = B64.encodeToString(claimsJson.getBytes(StandardCharsets.UTF_8));
    try {
      Signature signer = Signature.getInstance("Ed25519");
      signer.initSign(keys.getPrivate());
      signer.update((header + "." + payload).getBytes(StandardCharsets.US_ASCII));
      return header + "." + payload + "." + B64.encodeToString(signer.sign());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** What a gate trusting {@code key} answers about {@code compact}. */
  static ApprovalGate.Check verify(String compact, PublicKey key) {
    String[] parts = compact.split("\\.", -1);
    if (parts.length != 3) {
      return ApprovalGate.Check.refuse("not a compact JWS");
    }
    try {
      Signature verifier = Signature.getInstance("Ed25519");
      verifier.initVerify(key);
      verifier.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
      return verifier.verify(Base64.getUrlDecoder().decode(parts[2]))
          ? ApprovalGate.Check.allow(null)
          : ApprovalGate.Check.refuse("signature does not verify with the trusted key");
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      return ApprovalGate.Check.refuse("signature cannot be checked: " + e.getMessage());
    }
  }

  private static KeyPair generate() {
    try {
      return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
