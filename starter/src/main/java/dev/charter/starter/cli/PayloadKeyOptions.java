package dev.charter.starter.cli;

import dev.charter.codec.CharterDataConverter;
import dev.charter.codec.PayloadKeys;
import dev.charter.worker.codec.PayloadKeySource;
import io.temporal.common.converter.DataConverter;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * How a CLI command finds the keys that read encrypted Temporal payloads: {@code
 * $CHARTER_PAYLOAD_KEYS}, else {@code --payload-key-file}, else the dev key of a data directory
 * (what {@code charter dev} and {@code charter demo} write). Nothing found means plaintext only.
 */
final class PayloadKeyOptions {

  @Option(
      names = "--payload-key-file",
      description =
          "secret file of payload keys to read encrypted Temporal histories (default: $"
              + PayloadKeys.ENVIRONMENT
              + ", else the dev key in the data directory)")
  Path payloadKeyFile;

  /** The encrypting converter when a key is found; {@code dataDir} holds the dev key, if any. */
  Optional<DataConverter> converter(Path dataDir) {
    return PayloadKeySource.find(
            System.getenv(),
            payloadKeyFile == null ? null : payloadKeyFile.toString(),
            dataDir == null ? null : dataDir.resolve(PayloadKeySource.DEV_KEY_FILE),
            false)
        .map(keys -> CharterDataConverter.encrypted(keys.keys()));
  }
}
