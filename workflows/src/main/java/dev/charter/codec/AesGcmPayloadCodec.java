package dev.charter.codec;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.temporal.api.common.v1.Payload;
import io.temporal.payload.codec.PayloadCodec;
import io.temporal.payload.codec.PayloadCodecException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/**
 * Encrypts every payload with AES-256-GCM before it reaches the Temporal service, so histories hold
 * ciphertext only. The whole original payload (its metadata included, so not even the encoding
 * leaks) is encrypted under the newest key of {@link PayloadKeys}; the result carries the key id
 * and the algorithm in its metadata so any client holding that key decodes it.
 *
 * <p>Data layout: a 12-byte random nonce, then the GCM ciphertext with its 16-byte tag. The key id
 * and algorithm are authenticated as associated data, so relabelling a payload with another key id
 * fails like any other tampering.
 *
 * <p>A payload without the encrypted encoding passes through decode unchanged: histories written
 * before encryption was turned on, and payloads built by hand (e.g. the Temporal CLI without {@code
 * --codec-endpoint}), stay readable.
 */
public final class AesGcmPayloadCodec implements PayloadCodec {

  /** Metadata {@code encoding} of an encrypted payload. */
  public static final String ENCODING = "binary/encrypted";

  /** Metadata key naming the key that encrypted the payload. */
  public static final String KEY_ID = "encryption-key-id";

  /** Metadata key naming the algorithm. */
  public static final String CIPHER = "encryption-cipher";

  /** The algorithm this codec writes and reads. */
  public static final String AES_256_GCM = "AES-256-GCM";

  private static final String ENCODING_KEY = "encoding";
  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final PayloadKeys keys;

  public AesGcmPayloadCodec(PayloadKeys keys) {
    this.keys = keys;
  }

  @Override
  public List<Payload> encode(List<Payload> payloads) {
    List<Payload> out = new ArrayList<>(payloads.size());
    for (Payload payload : payloads) {
      out.add(encrypt(payload));
    }
    return out;
  }

  @Override
  public List<Payload> decode(List<Payload> payloads) {
    List<Payload> out = new ArrayList<>(payloads.size());
    for (Payload payload : payloads) {
      out.add(isEncrypted(payload) ? decrypt(payload) : payload);
    }
    return out;
  }

  /** Whether the payload carries this codec's encoding. */
  public static boolean isEncrypted(Payload payload) {
    ByteString encoding = payload.getMetadataMap().get(ENCODING_KEY);
    return encoding != null && ENCODING.equals(encoding.toStringUtf8());
  }

  private Payload encrypt(Payload payload) {
    String keyId = keys.newestId();
    byte[] nonce = new byte[NONCE_BYTES];
    RANDOM.nextBytes(nonce);
    byte[] sealed;
    try {
      Cipher cipher = cipher(Cipher.ENCRYPT_MODE, keys.newestKey(), nonce, keyId);
      sealed = cipher.doFinal(payload.toByteArray());
    } catch (GeneralSecurityException e) {
      throw new PayloadCodecException("payload encryption failed with key `" + keyId + "`", e);
    }
    return Payload.newBuilder()
        .putMetadata(ENCODING_KEY, ByteString.copyFromUtf8(ENCODING))
        .putMetadata(KEY_ID, ByteString.copyFromUtf8(keyId))
        .putMetadata(CIPHER, ByteString.copyFromUtf8(AES_256_GCM))
        .setData(ByteString.copyFrom(nonce).concat(ByteString.copyFrom(sealed)))
        .build();
  }

  private Payload decrypt(Payload payload) {
    ByteString idBytes = payload.getMetadataMap().get(KEY_ID);
    ByteString cipherName = payload.getMetadataMap().get(CIPHER);
    if (idBytes == null) {
      throw new PayloadCodecException("encrypted payload carries no `" + KEY_ID + "` metadata");
    }
    String keyId = idBytes.toStringUtf8();
    if (cipherName == null || !AES_256_GCM.equals(cipherName.toStringUtf8())) {
      throw new PayloadCodecException(
          "encrypted payload under key `"
              + keyId
              + "` names cipher `"
              + (cipherName == null ? null : cipherName.toStringUtf8())
              + "`; this codec reads "
              + AES_256_GCM);
    }
    SecretKey key =
        keys.key(keyId)
            .orElseThrow(
                () ->
                    new PayloadCodecException(
                        "payload encrypted under unknown key `"
                            + keyId
                            + "`; known keys "
                            + keys.ids()
                            + " (add the old key to the key file to read it)"));
    byte[] data = payload.getData().toByteArray();
    if (data.length < NONCE_BYTES + TAG_BITS / 8) {
      throw new PayloadCodecException(
          "encrypted payload under key `" + keyId + "` is " + data.length + " bytes, too short");
    }
    byte[] nonce = Arrays.copyOfRange(data, 0, NONCE_BYTES);
    byte[] plain;
    try {
      plain =
          cipher(Cipher.DECRYPT_MODE, key, nonce, keyId)
              .doFinal(data, NONCE_BYTES, data.length - NONCE_BYTES);
    } catch (AEADBadTagException e) {
      throw new PayloadCodecException(
          "encrypted payload under key `" + keyId + "` fails authentication (altered in store)", e);
    } catch (GeneralSecurityException e) {
      throw new PayloadCodecException("payload decryption failed with key `" + keyId + "`", e);
    }
    try {
      return Payload.parseFrom(plain);
    } catch (InvalidProtocolBufferException e) {
      throw new PayloadCodecException(
          "decrypted payload under key `" + keyId + "` is not a Temporal payload", e);
    }
  }

  private static Cipher cipher(int mode, SecretKey key, byte[] nonce, String keyId)
      throws GeneralSecurityException {
    Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
    cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, nonce));
    cipher.updateAAD((AES_256_GCM + "/" + keyId).getBytes(StandardCharsets.UTF_8));
    return cipher;
  }
}
