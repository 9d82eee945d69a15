package dev.charter.codec;

import io.temporal.common.converter.CodecDataConverter;
import io.temporal.common.converter.DataConverter;
import io.temporal.common.converter.DefaultDataConverter;
import java.util.List;

/**
 * The one {@link DataConverter} every Temporal client and worker Charter builds uses (worker, REST
 * API, CLI, typed client, replay): Temporal's default JSON conversion, then {@link
 * AesGcmPayloadCodec}. Failure messages and stack traces are encrypted too ({@code
 * encodeFailureAttributes}), since exception messages can quote the data that caused them.
 */
public final class CharterDataConverter {

  private CharterDataConverter() {}

  /** The encrypting converter for these keys. */
  public static DataConverter encrypted(PayloadKeys keys) {
    return new CodecDataConverter(
        DefaultDataConverter.newDefaultInstance(), List.of(new AesGcmPayloadCodec(keys)), true);
  }
}
