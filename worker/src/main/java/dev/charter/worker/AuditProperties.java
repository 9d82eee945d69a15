package dev.charter.worker;

import jakarta.validation.constraints.NotBlank;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Signing of ledger checkpoints and decision receipts, under {@code charter.audit}.
 *
 * @param signingKeyFile the Ed25519 private key (PKCS#8 PEM) that signs checkpoints and receipts;
 *     its public key is written next to it as {@code <file>.pub.pem}. Default (application.yml):
 *     {@code ${charter.data-dir}/audit-signing-key.pem}
 * @param generateSigningKey create the key file when it is missing (dev; in production supply the
 *     key from a secret store and set this to false)
 * @param checkpointInterval how often the heads of grown chains are signed; positive
 */
@Validated
@ConfigurationProperties("charter.audit")
public record AuditProperties(
    @NotBlank(message = "must name the Ed25519 signing key file, got `${validatedValue}`")
        String signingKeyFile,
    @DefaultValue("true") boolean generateSigningKey,
    @DefaultValue("60s")
        @DurationMin(millis = 1, message = "must be positive, got `${validatedValue}`")
        Duration checkpointInterval) {}
