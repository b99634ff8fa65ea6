package io.moat.workspace.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * A bearer secret: a kind prefix and 256 random bits. Only its SHA-256 is stored; a fast hash is enough because
 * the secret itself is random, not a password.
 */
public record SecretToken(String plain, String hash, String displayPrefix) {

    /** Console sign-in sessions. */
    public static final String SESSION = "mts_";
    /** Workspace API tokens. */
    public static final String API = "mtk_";

    private static final SecureRandom RANDOM = new SecureRandom();

    public static SecretToken generate(String kind) {
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        String plain = kind + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        return new SecretToken(plain, hash(plain), plain.substring(0, kind.length() + 6));
    }

    public static String hash(String plain) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(plain.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    @Override
    public String toString() {
        return "SecretToken[" + displayPrefix + "…]";
    }
}
