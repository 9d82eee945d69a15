package dev.charter.worker;

import jakarta.validation.constraints.NotBlank;
import java.nio.file.Path;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Signing of ledger checkpoints and decision receipts, and the witness of the checkpoints, under
 * {@code charter.audit}.
 *
 * @param signingKeyFile the Ed25519 private key (PKCS#8 PEM) that signs checkpoints and receipts;
 *     its public key is written next to it as {@code <file>.pub.pem}, retired keys ({@code charter
 *     audit rotate-key}) lie beside it as {@code <file>.<keyId>.retired}. Default
 *     (application.yml): {@code ${charter.secrets-dir}/audit-signing-key.pem}, outside the data
 *     folder; the environment sets it as {@code CHARTER_AUDIT_SIGNING_KEY_FILE}
 * @param generateSigningKey create the key file when it is missing (dev; in production supply the
 *     key from a secret store and set this to false)
 * @param checkpointInterval how often the heads of grown chains are signed; positive
 * @param witnessFile the JSON Lines file every signed checkpoint is also appended to, outside the
 *     ledger database; {@code charter audit verify --witness} compares the ledger with it. Default
 *     (application.yml): {@code ${charter.data-dir}/ledger-witness.jsonl}; in production a volume
 *     the ledger database's administrators cannot write
 */
@Validated
@ConfigurationProperties("charter.audit")
public record AuditProperties(
    @NotBlank(message = "must name the Ed25519 signing key file, got `${validatedValue}`")
        String signingKeyFile,
    @DefaultValue("true") boolean generateSigningKey,
    @DefaultValue("60s")
        @DurationMin(millis = 1, message = "must be positive, got `${validatedValue}`")
        Duration checkpointInterval,
    @NotBlank(message = "must name the checkpoint witness file, got `${validatedValue}`")
        String witnessFile) {

  /** The signing key file, absolute and normalized ({@code data/../secrets} reads as secrets). */
  Path signingKeyPath() {
    return Path.of(signingKeyFile).toAbsolutePath().normalize();
  }

  /** The witness file, absolute and normalized. */
  Path witnessPath() {
    return Path.of(witnessFile).toAbsolutePath().normalize();
  }
}
