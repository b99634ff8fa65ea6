package io.moat.wecomsim.crypto;

/** A message that cannot be decrypted or whose signature does not match. */
public final class CryptoFailure extends RuntimeException {

    public CryptoFailure(String message) {
        super(message);
    }

    public CryptoFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
