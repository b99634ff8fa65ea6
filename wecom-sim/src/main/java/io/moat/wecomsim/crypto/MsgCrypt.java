package io.moat.wecomsim.crypto;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * WeCom's callback encryption (WXBizMsgCrypt) for one receiver: AES-256-CBC with key = Base64(EncodingAESKey + "="),
 * IV = the key's first 16 bytes, and plaintext = 16 random bytes ‖ 4-byte big-endian length ‖ message ‖ receive id
 * (the corp id for a self-built app), padded by {@link Pkcs7Padding}.
 */
public final class MsgCrypt {

    private static final int RANDOM_PREFIX = 16;
    private static final int LENGTH_FIELD = 4;

    private final String token;
    private final String receiveId;
    private final SecretKeySpec key;
    private final IvParameterSpec iv;

    public MsgCrypt(String token, String encodingAesKey, String receiveId) {
        this.token = Objects.requireNonNull(token, "token");
        this.receiveId = Objects.requireNonNull(receiveId, "receiveId");
        byte[] keyBytes = aesKey(encodingAesKey);
        this.key = new SecretKeySpec(keyBytes, "AES");
        this.iv = new IvParameterSpec(Arrays.copyOf(keyBytes, 16));
    }

    /** The 43-character EncodingAESKey must decode to exactly 32 bytes; anything else is a configuration error. */
    public static byte[] aesKey(String encodingAesKey) {
        if (encodingAesKey == null || encodingAesKey.length() != 43) {
            throw new CryptoFailure("EncodingAESKey must be 43 characters");
        }
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(encodingAesKey + "=");
        } catch (IllegalArgumentException e) {
            throw new CryptoFailure("EncodingAESKey is not Base64", e);
        }
        if (bytes.length != 32) {
            throw new CryptoFailure("EncodingAESKey must decode to 32 bytes");
        }
        return bytes;
    }

    /** Encrypts with caller-chosen random bytes, so the simulator stays deterministic under a seed. */
    public String encrypt(String message, byte[] random16) {
        if (random16.length != RANDOM_PREFIX) {
            throw new IllegalArgumentException("need 16 random bytes");
        }
        byte[] body = message.getBytes(StandardCharsets.UTF_8);
        byte[] receiver = receiveId.getBytes(StandardCharsets.UTF_8);
        ByteBuffer plain = ByteBuffer.allocate(RANDOM_PREFIX + LENGTH_FIELD + body.length + receiver.length);
        plain.put(random16).putInt(body.length).put(body).put(receiver);
        try {
            Cipher cipher = Cipher.getInstance("AES/CBC/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, iv);
            return Base64.getEncoder().encodeToString(cipher.doFinal(Pkcs7Padding.pad(plain.array())));
        } catch (GeneralSecurityException e) {
            throw new CryptoFailure("AES encryption failed", e);
        }
    }

    /** Decrypts and checks that the message was meant for this receiver (the official Java sample skips that). */
    public String decrypt(String encrypted) {
        byte[] plain;
        try {
            Cipher cipher = Cipher.getInstance("AES/CBC/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, iv);
            plain = Pkcs7Padding.unpad(cipher.doFinal(Base64.getDecoder().decode(encrypted)));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new CryptoFailure("cannot decrypt message", e);
        }
        if (plain.length < RANDOM_PREFIX + LENGTH_FIELD) {
            throw new CryptoFailure("decrypted message too short");
        }
        int length = ByteBuffer.wrap(plain, RANDOM_PREFIX, LENGTH_FIELD).getInt();
        int start = RANDOM_PREFIX + LENGTH_FIELD;
        if (length < 0 || start + length > plain.length) {
            throw new CryptoFailure("bad message length " + length);
        }
        String message = new String(plain, start, length, StandardCharsets.UTF_8);
        String receiver = new String(plain, start + length, plain.length - start - length, StandardCharsets.UTF_8);
        if (!receiver.equals(receiveId)) {
            throw new CryptoFailure("message is for " + receiver + ", not " + receiveId);
        }
        return message;
    }

    public String sign(String timestamp, String nonce, String encrypted) {
        return MsgSignature.of(token, timestamp, nonce, encrypted);
    }

    /** Verifies a signature, then decrypts: the order a receiver must use. */
    public String verifyAndDecrypt(String signature, String timestamp, String nonce, String encrypted) {
        if (!MsgSignature.matches(sign(timestamp, nonce, encrypted), signature)) {
            throw new CryptoFailure("msg_signature does not match");
        }
        return decrypt(encrypted);
    }
}
