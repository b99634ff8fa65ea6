package io.moat.wecom.callback;

import io.moat.wecom.callback.CallbackRejected.Reason;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.regex.Pattern;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * WeCom's callback encryption (WXBizMsgCrypt): SHA-1 signatures over the sorted token, timestamp, nonce and
 * ciphertext; AES-256-CBC with the IV taken from the key's first 16 bytes and PKCS#7 padding to a 32-byte block;
 * plaintext = 16 random bytes ‖ 4-byte big-endian length ‖ message ‖ receiver id. Unlike common SDKs it checks
 * the receiver id, so a message encrypted for another corp is refused.
 */
public final class CallbackCipher {

    static final int BLOCK = 32;
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9]{1,32}");
    private static final Pattern AES_KEY = Pattern.compile("[A-Za-z0-9+/]{43}");

    private final String token;
    private final byte[] key;
    private final String corpId;

    public CallbackCipher(String token, String encodingAesKey, String corpId) {
        if (!TOKEN.matcher(token).matches()) {
            throw new IllegalArgumentException("token must be 1 to 32 letters or digits");
        }
        if (!AES_KEY.matcher(encodingAesKey).matches()) {
            throw new IllegalArgumentException("encodingAesKey must be exactly 43 Base64 characters");
        }
        this.token = token;
        this.key = Base64.getDecoder().decode(encodingAesKey + "=");
        this.corpId = corpId;
    }

    public static boolean isValidToken(String token) {
        return TOKEN.matcher(token).matches();
    }

    public static boolean isValidAesKey(String key) {
        return AES_KEY.matcher(key).matches();
    }

    public String signature(String timestamp, String nonce, String encrypted) {
        String[] parts = {token, timestamp, nonce, encrypted};
        Arrays.sort(parts);
        try {
            byte[] digest = MessageDigest.getInstance("SHA-1")
                    .digest(String.join("", parts).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-1 is part of every JDK", e);
        }
    }

    public void verify(String signature, String timestamp, String nonce, String encrypted) {
        byte[] expected = signature(timestamp, nonce, encrypted).getBytes(StandardCharsets.US_ASCII);
        if (!MessageDigest.isEqual(
                expected, signature.toLowerCase(java.util.Locale.ROOT).getBytes(StandardCharsets.US_ASCII))) {
            throw new CallbackRejected(Reason.BAD_SIGNATURE, "msg_signature does not match");
        }
    }

    /** Decrypts and checks the receiver id; every malformed input ends in a {@link CallbackRejected}. */
    public String decrypt(String encrypted) {
        byte[] sealed;
        try {
            sealed = Base64.getDecoder().decode(encrypted.strip());
        } catch (IllegalArgumentException e) {
            throw new CallbackRejected(Reason.MALFORMED_CIPHERTEXT, "ciphertext is not Base64");
        }
        if (sealed.length == 0 || sealed.length % 16 != 0) {
            throw new CallbackRejected(Reason.MALFORMED_CIPHERTEXT, "ciphertext is not whole AES blocks");
        }
        byte[] padded = aes(Cipher.DECRYPT_MODE, sealed);
        int pad = padded[padded.length - 1] & 0xff;
        if (pad < 1 || pad > BLOCK || pad > padded.length) {
            throw new CallbackRejected(Reason.BAD_PADDING, "padding byte out of range");
        }
        for (int i = padded.length - pad; i < padded.length; i++) {
            if ((padded[i] & 0xff) != pad) {
                throw new CallbackRejected(Reason.BAD_PADDING, "padding bytes differ");
            }
        }
        int end = padded.length - pad;
        if (end < 20) {
            throw new CallbackRejected(Reason.BAD_LENGTH, "plaintext shorter than its header");
        }
        int length = ByteBuffer.wrap(padded, 16, 4).getInt();
        if (length < 0 || length > end - 20) {
            throw new CallbackRejected(Reason.BAD_LENGTH, "declared message length exceeds the plaintext");
        }
        String message = utf8(padded, 20, length);
        String receiver = utf8(padded, 20 + length, end - 20 - length);
        if (!receiver.equals(corpId)) {
            throw new CallbackRejected(Reason.WRONG_CORP, "message is addressed to another corp");
        }
        return message;
    }

    /** Encrypts as WeCom does; {@code random16} are the 16 leading random bytes. Used for replies and tests. */
    public String encrypt(String message, byte[] random16) {
        if (random16.length != 16) {
            throw new IllegalArgumentException("16 random bytes expected");
        }
        byte[] body = message.getBytes(StandardCharsets.UTF_8);
        byte[] receiver = corpId.getBytes(StandardCharsets.UTF_8);
        int unpadded = 20 + body.length + receiver.length;
        int pad = BLOCK - unpadded % BLOCK;
        ByteBuffer plain = ByteBuffer.allocate(unpadded + pad);
        plain.put(random16).putInt(body.length).put(body).put(receiver);
        while (plain.hasRemaining()) {
            plain.put((byte) pad);
        }
        return Base64.getEncoder().encodeToString(aes(Cipher.ENCRYPT_MODE, plain.array()));
    }

    private byte[] aes(int mode, byte[] input) {
        try {
            Cipher cipher = Cipher.getInstance("AES/CBC/NoPadding");
            cipher.init(mode, new SecretKeySpec(key, "AES"), new IvParameterSpec(key, 0, 16));
            return cipher.doFinal(input);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-CBC is part of every JDK", e);
        }
    }

    private static String utf8(byte[] bytes, int offset, int length) {
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, offset, length))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new CallbackRejected(Reason.MALFORMED_CIPHERTEXT, "plaintext is not UTF-8");
        }
    }
}
