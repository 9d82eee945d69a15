package dev.charter.worker.codec;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Payload encryption, under {@code charter.codec}. The keys themselves never come from here: they
 * come from the {@code CHARTER_PAYLOAD_KEYS} environment variable or the secret file named below.
 *
 * @param keyFile a secret file of {@code id=base64-key} lines, oldest first (the last encrypts);
 *     used when {@code CHARTER_PAYLOAD_KEYS} is unset. Without either, an embedded (dev) Temporal
 *     gets a generated local dev key beside the data, and a worker against a cluster refuses to
 *     start
 * @param devKeyFile where an embedded (dev) Temporal's generated key lives. Default
 *     (application.yml): {@code ${charter.data-dir}/payload-dev-key}
 * @param uiOrigin the origin of the Temporal Web UI allowed to call the codec endpoint from a
 *     browser (CORS), e.g. {@code http://localhost:8233}; none when unset
 */
@ConfigurationProperties("charter.codec")
public record CodecProperties(String keyFile, String devKeyFile, String uiOrigin) {}
