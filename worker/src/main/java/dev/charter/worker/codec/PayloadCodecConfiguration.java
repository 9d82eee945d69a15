package dev.charter.worker.codec;

import dev.charter.codec.AesGcmPayloadCodec;
import dev.charter.codec.CharterDataConverter;
import dev.charter.worker.TemporalProperties;
import io.temporal.common.converter.DataConverter;
import io.temporal.payload.codec.PayloadCodec;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Payload encryption for the process's Temporal client (and so its worker): the keys, and the one
 * {@link DataConverter} built from them.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(CodecProperties.class)
public class PayloadCodecConfiguration {

  private static final Logger log = LoggerFactory.getLogger(PayloadCodecConfiguration.class);

  /** Only an embedded (dev) Temporal may run on a generated key; a cluster needs a real one. */
  @Bean
  PayloadKeySource payloadKeySource(CodecProperties codec, TemporalProperties temporal) {
    PayloadKeySource source =
        PayloadKeySource.resolve(
            System.getenv(),
            codec.keyFile(),
            codec.devKeyFile() == null || codec.devKeyFile().isBlank()
                ? null
                : Path.of(codec.devKeyFile()),
            temporal.embedded());
    if (source.devKey()) {
      log.warn(
          "payload encryption uses the local dev key file={} keyIds={}; not for production: set"
              + " CHARTER_PAYLOAD_KEYS or charter.codec.key-file",
          source.origin(),
          source.keys().ids());
    } else {
      log.info(
          "payload encryption keys from={} keyIds={} encryptsWith={}",
          source.origin(),
          source.keys().ids(),
          source.keys().newestId());
    }
    return source;
  }

  /** The codec alone, for the codec server endpoint. */
  @Bean
  PayloadCodec payloadCodec(PayloadKeySource payloadKeySource) {
    return new AesGcmPayloadCodec(payloadKeySource.keys());
  }

  @Bean
  DataConverter charterDataConverter(PayloadKeySource payloadKeySource) {
    return CharterDataConverter.encrypted(payloadKeySource.keys());
  }
}
